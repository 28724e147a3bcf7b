import { VolcLiveError } from "./VolcLiveError";

export type TransportFailure =
  /** Connection refused, DNS failure, unreachable: the request never left. */
  | "connect"
  | "connect-timeout"
  /** No response headers in time: the request was sent. */
  | "headers-timeout"
  | "body-timeout"
  /** Reset or closed by the peer after the request was written. */
  | "connection-reset"
  /** The call's overall deadline passed. */
  | "deadline"
  | "aborted"
  /** The TLS handshake failed (certificate rejected): nothing was sent, and repeating will not help. */
  | "tls"
  /** The HTTP layer refused the request before sending it (e.g. a header value with control characters). */
  | "invalid-request"
  /** The client was closed. */
  | "client-closed";

const CODES: Record<TransportFailure, string> = {
  connect: "VOLC_LIVE_ERR_CONNECT",
  "connect-timeout": "VOLC_LIVE_ERR_CONNECT_TIMEOUT",
  "headers-timeout": "VOLC_LIVE_ERR_HEADERS_TIMEOUT",
  "body-timeout": "VOLC_LIVE_ERR_BODY_TIMEOUT",
  "connection-reset": "VOLC_LIVE_ERR_CONNECTION_RESET",
  deadline: "VOLC_LIVE_ERR_DEADLINE",
  aborted: "VOLC_LIVE_ERR_ABORTED",
  tls: "VOLC_LIVE_ERR_TLS",
  "invalid-request": "VOLC_LIVE_ERR_INVALID_HTTP_REQUEST",
  "client-closed": "VOLC_LIVE_ERR_CLIENT_CLOSED",
};

/** Failures worth another attempt: the network may behave differently next time. */
const RETRYABLE_FAILURES: ReadonlySet<TransportFailure> = new Set([
  "connect",
  "connect-timeout",
  "headers-timeout",
  "body-timeout",
  "connection-reset",
]);

/** The exchange with the service failed below the API level. */
export class TransportError extends VolcLiveError {
  override readonly code: string;
  readonly action: string;
  readonly failure: TransportFailure;
  /** Whether the request may have reached the server (so a mutation's outcome is unknown). */
  readonly requestSent: boolean;
  attempts: number | undefined;

  constructor(action: string, failure: TransportFailure, requestSent: boolean, detail: string) {
    super(`${action} failed: ${failure}: ${detail}`);
    this.name = "TransportError";
    this.code = CODES[failure];
    this.action = action;
    this.failure = failure;
    this.requestSent = requestSent;
    this.attempts = undefined;
  }

  get retryable(): boolean {
    return RETRYABLE_FAILURES.has(this.failure);
  }
}
