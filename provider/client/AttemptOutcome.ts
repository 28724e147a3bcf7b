import type { ApiError } from "../errors/ApiError";
import type { ResponseShapeError } from "../errors/ResponseShapeError";
import type { TransportError } from "../errors/TransportError";

/** A 2xx answer whose envelope carries no error; its Result is not checked yet. */
export interface AttemptSuccess {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly result: unknown;
}

export interface AttemptFailure {
  readonly error: ApiError | TransportError | ResponseShapeError;
  readonly retryAfterMs?: number | undefined;
  /** The response's Date header, to correct a skewed local clock. */
  readonly serverDateMs?: number | undefined;
}

export type AttemptOutcome = AttemptSuccess | AttemptFailure;

export function isFailure<T extends object>(outcome: T | AttemptFailure): outcome is AttemptFailure {
  return "error" in outcome;
}
