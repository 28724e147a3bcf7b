import type { Redactor } from "./Redactor";
import { toTransportError } from "./toTransportError";
import type { TransportError } from "../errors/TransportError";

/** The caller's abort signal joined with the call's deadline, and which of the two fired. */
export class CallSignals {
  /** Aborts when either the caller aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the deadline passes. */
  readonly deadlineAt: number;
  private readonly deadline: AbortSignal;

  constructor(
    private readonly caller: AbortSignal | undefined,
    deadlineMs: number,
  ) {
    this.deadline = AbortSignal.timeout(deadlineMs);
    this.deadlineAt = Date.now() + deadlineMs;
    this.signal = caller ? AbortSignal.any([caller, this.deadline]) : this.deadline;
  }

  /**
   * The TransportError for a failure of `action`; an abort is named after the signal that fired. `sentOverride`
   * is set when the failure happened outside any exchange (a rate-limit wait, a backoff sleep).
   */
  transportError(action: string, error: unknown, redactor: Redactor, sentOverride?: boolean): TransportError {
    const abort = { caller: this.caller?.aborted === true, deadline: this.deadline.aborted };
    return toTransportError(action, error, redactor, abort, sentOverride);
  }
}
