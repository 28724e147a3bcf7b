import { TransportError, type TransportFailure } from "../errors/TransportError";
import type { Redactor } from "./Redactor";

const CONNECT_FAILURE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ETIMEDOUT",
]);
const TLS_CODE = /^(?:CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$)/;

interface Classification {
  readonly failure: TransportFailure;
  readonly sent: boolean;
}

/**
 * Maps an undici or socket error to a TransportError, deciding whether the request may have reached the server.
 * A socket error counts as "not sent" only when it happened while connecting (syscall `connect` or DNS): the same
 * codes on an open keep-alive socket can follow a request that was already written. When in doubt it says "sent",
 * since a wrong "not sent" could make a create run twice.
 */
export function toTransportError(
  action: string,
  error: unknown,
  redactor: Redactor,
  abort: { deadline: boolean; caller: boolean },
  /** Set when the failure happened outside any exchange (a rate-limit wait, a backoff sleep). */
  sentOverride?: boolean,
): TransportError {
  const code = codeOf(error);
  const detail = redactor.redact(
    error instanceof Error ? `${error.message}${code ? ` (${code})` : ""}` : String(error),
  );
  const { failure, sent } = classify(error, code, abort);
  return new TransportError(action, failure, sentOverride ?? sent, detail);
}

function classify(error: unknown, code: string, abort: { deadline: boolean; caller: boolean }): Classification {
  if (abort.caller) {
    return { failure: "aborted", sent: true };
  }
  if (abort.deadline) {
    return { failure: "deadline", sent: true };
  }
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return { failure: "connect-timeout", sent: false };
    case "UND_ERR_HEADERS_TIMEOUT":
      return { failure: "headers-timeout", sent: true };
    case "UND_ERR_BODY_TIMEOUT":
      return { failure: "body-timeout", sent: true };
    case "UND_ERR_INVALID_ARG":
    case "ERR_INVALID_CHAR":
    case "ERR_INVALID_ARG_TYPE":
      return { failure: "invalid-request", sent: false };
    case "UND_ERR_DESTROYED":
    case "UND_ERR_CLOSED":
      return { failure: "client-closed", sent: false };
  }
  if (TLS_CODE.test(code)) {
    return { failure: "tls", sent: false };
  }
  if (failedWhileConnecting(error)) {
    return { failure: "connect", sent: false };
  }
  return { failure: "connection-reset", sent: true };
}

function failedWhileConnecting(error: unknown): boolean {
  // With autoSelectFamily, Node reports every failed address of a host at once.
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every(failedWhileConnecting);
  }
  if (typeof error !== "object" || error === null) {
    return false;
  }
  const { syscall } = error as { syscall?: unknown };
  return CONNECT_FAILURE_CODES.has(codeOf(error)) && (syscall === "connect" || syscall === "getaddrinfo");
}

function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
}
