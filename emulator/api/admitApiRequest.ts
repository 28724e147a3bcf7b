import type { ActionHandler } from "../actions/ActionHandler";
import { findAction } from "../actions/findAction";
import { gateway, live } from "../http/ApiFailure";
import { API_VERSION } from "../http/envelope";
import { MAX_BODY_BYTES } from "../http/readRequestBody";
import type { ApiExchange } from "./ApiExchange";
import type { ApiServices } from "./ApiServices";

export interface AdmittedRequest {
  readonly accessKeyId: string;
  readonly handler: ActionHandler;
  readonly body: unknown;
}

/**
 * The gateway's checks, in its order: body size, signature, method, action and version, rate limit, then the JSON
 * body. Throws the first ApiFailure; the account is noted on the exchange as soon as it is known, for the request log.
 */
export function admitApiRequest(
  exchange: ApiExchange,
  services: Pick<ApiServices, "authenticator" | "limiter">,
): AdmittedRequest {
  const { raw, action } = exchange;
  if (raw.bodyTooLarge) {
    throw live.invalidParam(`the body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const accessKeyId = services.authenticator.authenticate(raw).accessKeyId;
  exchange.accessKeyId = accessKeyId;
  if (raw.method !== "POST") {
    throw gateway.methodNotAllowed(raw.method);
  }
  const handler = findAction(action);
  if (handler === undefined || exchange.version !== API_VERSION) {
    throw gateway.invalidActionOrVersion(action, exchange.version);
  }
  if (!services.limiter.tryTake(accessKeyId, action)) {
    throw gateway.flowLimitExceeded(action);
  }
  exchange.parsedBody = parseJsonBody(raw.body);
  return { accessKeyId, handler, body: exchange.parsedBody };
}

function parseJsonBody(body: Buffer): unknown {
  try {
    return body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch {
    throw live.bindError("the body is not valid JSON");
  }
}
