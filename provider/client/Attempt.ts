import type { CallSignals } from "./CallSignals";
import type { CallTarget } from "./resolveCallTarget";
import type { Redactor } from "./Redactor";

/** One exchange of a call: everything needed to sign, send and decode it. */
export interface Attempt {
  readonly action: string;
  /** 1 for the first attempt of the call. */
  readonly number: number;
  /** The JSON request body. */
  readonly payload: string;
  readonly target: CallTarget;
  /** The X-Date to sign with: fresh for every attempt. */
  readonly signedAt: Date;
  /** Knows the call's secrets, so no message built from the exchange repeats them. */
  readonly redactor: Redactor;
  readonly signals: CallSignals;
}
