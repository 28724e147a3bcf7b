import { TransportError, type TransportFailure } from "../errors/TransportError";
import type { Redactor } from "./Redactor";

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/**
 * Maps an undici or socket error to a TransportError, deciding whether the request may have reached the server.
 * When in doubt it says "sent": a wrong "not sent" could make a create run twice.
 */
export function toTransportError(
  action: string,
  error: unknown,
  redactor: Redactor,
  abort: { deadline: boolean; caller: boolean },
): TransportError {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const detail = redactor.redact(
    error instanceof Error ? `${error.message}${code ? ` (${code})` : ""}` : String(error),
  );
  let failure: TransportFailure = "connection-reset";
  let sent = true;
  if (abort.caller) {
    failure = "aborted";
  } else if (abort.deadline) {
    failure = "deadline";
  } else if (code === "UND_ERR_CONNECT_TIMEOUT") {
    failure = "connect-timeout";
    sent = false;
  } else if (NOT_SENT_CODES.has(code)) {
    failure = "connect";
    sent = false;
  } else if (code === "UND_ERR_HEADERS_TIMEOUT") {
    failure = "headers-timeout";
  } else if (code === "UND_ERR_BODY_TIMEOUT") {
    failure = "body-timeout";
  }
  return new TransportError(action, failure, sent, detail);
}
