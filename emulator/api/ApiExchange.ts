import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiFailure } from "../http/ApiFailure";
import { errorBody, type ResponseContext, successBody } from "../http/envelope";
import type { RawRequest } from "../http/RawRequest";
import type { ReceivedBody } from "../http/readRequestBody";
import { keyFields } from "../http/RequestLog";
import { requestId } from "../http/requestId";
import type { ApiServices } from "./ApiServices";

/**
 * One API call from arrival to answer: the pipeline fills in what it learns (account, body, faults, whether the world
 * changed), and the answer, envelope or dropped connection, is recorded in the request log as it is sent.
 */
export class ApiExchange {
  private readonly started = performance.now();
  readonly raw: RawRequest;
  readonly action: string;
  readonly version: string;
  private readonly context: ResponseContext;
  accessKeyId: string | undefined;
  parsedBody: unknown;
  fired: readonly string[] = [];
  applied = false;

  constructor(
    private readonly request: IncomingMessage,
    body: ReceivedBody,
    private readonly response: ServerResponse,
    private readonly services: Pick<ApiServices, "log" | "now" | "logLine">,
  ) {
    this.raw = {
      method: request.method ?? "",
      target: request.url ?? "/",
      headers: request.headers,
      body: body.bytes,
      bodyTooLarge: body.tooLarge,
      receivedAt: new Date(services.now()),
    };
    const query = new URL(this.raw.target, "http://emulator.invalid").searchParams;
    this.action = query.get("Action") ?? "";
    this.version = query.get("Version") ?? "";
    this.context = { requestId: requestId(services.now()), action: this.action };
  }

  succeed(result: unknown): void {
    this.finish(200, undefined, successBody(this.context, result));
  }

  fail(failure: ApiFailure): void {
    this.finish(failure.status, failure.code, errorBody(this.context, failure));
  }

  /** The client sees the socket close with no answer. */
  drop(): void {
    this.finish(0, undefined, undefined);
  }

  private finish(status: number, code: string | undefined, payload: string | undefined): void {
    this.record(status, code);
    if (payload === undefined) {
      this.request.socket.destroy();
      return;
    }
    this.response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    this.response.end(payload);
  }

  private record(status: number, code: string | undefined): void {
    const { action, fired } = this;
    this.services.log.record({
      at: new Date(this.services.now()).toISOString(),
      action,
      accessKeyId: this.accessKeyId,
      keys: keyFields(this.parsedBody),
      status,
      code,
      durationMs: performance.now() - this.started,
      faults: fired,
      applied: this.applied,
    });
    this.services.logLine?.(
      `${action || "-"} ${status}${code ? ` ${code}` : ""}${fired.length ? ` faults=${fired.join(",")}` : ""}`,
    );
  }
}
