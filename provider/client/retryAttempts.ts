import { AmbiguousResultError } from "../errors/AmbiguousResultError";
import { ApiError } from "../errors/ApiError";
import { ResponseShapeError } from "../errors/ResponseShapeError";
import { TransportError } from "../errors/TransportError";
import type { VolcLiveError } from "../errors/VolcLiveError";
import { type AttemptFailure, type AttemptOutcome, type AttemptSuccess, isFailure } from "./AttemptOutcome";
import type { CallSignals } from "./CallSignals";
import type { ClientEvent } from "./ClientEvent";
import type { RetryOptions } from "./LiveClientOptions";
import type { Redactor } from "./Redactor";
import { backoffDelayMs, INVALID_TIMESTAMP, isIdempotentAction, wasRejectedBeforeApply } from "./retryPolicy";
import type { SigningClock } from "./SigningClock";
import type { TokenBucket } from "./TokenBucket";

/** One call's retry loop: what it waits on, how often it may try, and whom it tells. */
export interface RetryLoop {
  readonly action: string;
  readonly redactor: Redactor;
  readonly signals: CallSignals;
  /** Undefined when rate limiting is off. */
  readonly limiter: TokenBucket | undefined;
  readonly retry: RetryOptions | undefined;
  /** Source of backoff jitter in [0, 1). */
  readonly random: () => number;
  /** Corrected when the server rejects a signature's time. */
  readonly clock: SigningClock;
  readonly logger: ((event: ClientEvent) => void) | undefined;
}

/**
 * Runs attempts, each after a rate-limit turn, until one succeeds or a failure is final. Retries follow the
 * action's idempotency, not the HTTP method: a create is repeated only when the service certainly did not apply it.
 */
export async function retryAttempts(
  loop: RetryLoop,
  runAttempt: (number: number) => Promise<AttemptOutcome>,
): Promise<AttemptSuccess> {
  let resigned = false;
  for (let number = 1; ; number++) {
    const limiter = loop.limiter;
    if (limiter !== undefined) {
      await waitOutsideExchange(loop, (signal) => limiter.acquire(signal), number - 1);
    }
    loop.logger?.({ type: "attempt", action: loop.action, attempt: number });
    const outcome = await runAttempt(number);
    if (!isFailure(outcome)) {
      return outcome;
    }
    const delayMs = delayBeforeRetry(loop, outcome, number, resigned);
    resigned ||= isInvalidTimestamp(outcome.error);
    loop.logger?.({ type: "retry", action: loop.action, attempt: number, delayMs, reason: outcome.error.message });
    await waitOutsideExchange(loop, (signal) => sleep(delayMs, signal), number);
  }
}

/** The wait before attempt `number + 1`; throws the failure instead when it is final. */
function delayBeforeRetry(loop: RetryLoop, failure: AttemptFailure, number: number, resigned: boolean): number {
  const { error } = failure;
  withAttempts(error, number);
  if (!isIdempotentAction(loop.action) && mayHaveBeenApplied(error)) {
    throw new AmbiguousResultError(loop.action, error);
  }
  const invalidTimestamp = isInvalidTimestamp(error);
  const retryable = invalidTimestamp ? !resigned : isRetryable(error);
  if (!retryable || number >= (loop.retry?.maxAttempts ?? 5)) {
    throw error;
  }
  // A stale clock gets one immediate re-signed retry: a new X-Date is all it needs.
  if (invalidTimestamp && failure.serverDateMs !== undefined) {
    loop.clock.correctTo(failure.serverDateMs);
  }
  const delayMs = invalidTimestamp
    ? 0
    : (failure.retryAfterMs ??
      backoffDelayMs(number, loop.retry?.baseDelayMs ?? 300, loop.retry?.maxDelayMs ?? 10_000, loop.random));
  if (Date.now() + delayMs >= loop.signals.deadlineAt) {
    throw error;
  }
  return delayMs;
}

/** A wait between exchanges (rate limit, backoff): an abort during it means nothing more was sent. */
async function waitOutsideExchange(
  loop: RetryLoop,
  wait: (signal: AbortSignal) => Promise<void>,
  attemptsMade: number,
): Promise<void> {
  try {
    await wait(loop.signals.signal);
  } catch (error) {
    throw withAttempts(loop.signals.transportError(loop.action, error, loop.redactor, false), attemptsMade);
  }
}

function isInvalidTimestamp(error: VolcLiveError): boolean {
  return error instanceof ApiError && error.apiCode === INVALID_TIMESTAMP;
}

function isRetryable(error: VolcLiveError): boolean {
  return (error instanceof ApiError || error instanceof TransportError) && error.retryable;
}

/**
 * A server-side failure, a lost connection after sending, or an unreadable answer leaves a mutation's outcome
 * unknown.
 */
function mayHaveBeenApplied(error: VolcLiveError): error is ApiError | TransportError | ResponseShapeError {
  if (error instanceof ApiError) {
    return error.retryable && !wasRejectedBeforeApply(error.status, error.apiCode);
  }
  return (error instanceof TransportError && error.requestSent) || error instanceof ResponseShapeError;
}

function withAttempts<E extends VolcLiveError>(error: E, attempts: number): E {
  if (error instanceof ApiError || error instanceof TransportError) {
    error.attempts = attempts;
  }
  return error;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
