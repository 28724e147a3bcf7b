/** HTTP statuses retried for idempotent actions (the gateway's and Live's documented transient errors). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** `ResponseMetadata.Error.Code` values retried for idempotent actions (the gateway's and Live's documented transient errors). */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "FlowLimitExceeded",
  "AccountFlowLimitExceeded",
  "InternalError",
  "InternalServiceError",
  "InternalServiceTimeout",
  "FailToConnect",
  "ServiceUnavailableTemp",
  "UndefinedError",
  "CommonErr",
]);

/** Rejections the gateway makes before the action runs, so even a create may repeat them. */
const REJECTED_BEFORE_APPLY_CODES: ReadonlySet<string> = new Set([
  "FlowLimitExceeded",
  "AccountFlowLimitExceeded",
  "InvalidTimestamp",
]);

export const INVALID_TIMESTAMP = "InvalidTimestamp";

export function isRetryableApiError(status: number, apiCode: string | undefined): boolean {
  return RETRYABLE_STATUSES.has(status) || (apiCode !== undefined && RETRYABLE_CODES.has(apiCode));
}

/** Whether the service certainly did not apply the action (throttled or refused at the gateway). */
export function wasRejectedBeforeApply(status: number, apiCode: string | undefined): boolean {
  return status === 429 || (apiCode !== undefined && REJECTED_BEFORE_APPLY_CODES.has(apiCode));
}

/** Create actions are not idempotent: repeating one that may have reached the server could create twice. */
export function isIdempotentAction(action: string): boolean {
  return !action.startsWith("Create");
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt−1))]. */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") {
    return undefined;
  }
  if (/^\d+$/.test(text.trim())) {
    return Number(text.trim()) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
