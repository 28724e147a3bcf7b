import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiFailure, gateway } from "../http/ApiFailure";
import type { ReceivedBody } from "../http/readRequestBody";
import { admitApiRequest } from "./admitApiRequest";
import { ApiExchange } from "./ApiExchange";
import type { ApiServices } from "./ApiServices";
import { runActionWithFaults } from "./runActionWithFaults";

/**
 * One signed API call: admitted by the gateway's checks, run through the fault rules and the action, answered with the
 * service's envelope. An unexpected error is logged and answered as the service's InternalError.
 */
export async function handleApiRequest(
  request: IncomingMessage,
  body: ReceivedBody,
  response: ServerResponse,
  services: ApiServices,
): Promise<void> {
  const exchange = new ApiExchange(request, body, response, services);
  try {
    const admitted = admitApiRequest(exchange, services);
    await runActionWithFaults(exchange, admitted, services);
  } catch (error) {
    if (error instanceof ApiFailure) {
      exchange.fail(error);
      return;
    }
    services.logLine?.(`internal error in ${exchange.action}: ${error instanceof Error ? error.stack : String(error)}`);
    exchange.fail(gateway.internalError());
  }
}
