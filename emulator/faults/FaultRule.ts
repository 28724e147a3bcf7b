/** What a fault rule does to a matching request. */
export type FaultKind =
  /** Answer with `status` and `code` instead of running the action. */
  | "error"
  /** Wait `latencyMs` before handling. */
  | "latency"
  /** Close the connection without answering; the action is not run. */
  | "drop"
  /** Run the action (the change is committed), then answer `status`/`code` or drop, as `then` says. */
  | "apply-then-fail";

/**
 * One fault rule, matched per action. Deterministic under the emulator's seed: `probability` draws from a seeded
 * generator, `everyNth` counts matching requests.
 */
export interface FaultRule {
  /** An action name, or "*" (the default) for all ten. */
  readonly action?: string;
  readonly kind: FaultKind;
  /** The HTTP status answered, 200–599. Default 500. */
  readonly status?: number;
  /** The error code answered. Default `InternalError`. */
  readonly code?: string;
  /** The error message answered. Default "injected fault". */
  readonly message?: string;
  /**
   * `ResponseMetadata.Error.CodeN`. By default the gateway's number for a gateway code and none for Live's codes,
   * as the service sends them; null sends none, a number sends it (to test a client under either shape).
   */
  readonly codeN?: number | null;
  /** The chance, 0–1, that a matching request is hit. Default 1. */
  readonly probability?: number;
  /** Hit only every n-th matching request (n ≥ 1). */
  readonly everyNth?: number;
  /** For latency: milliseconds to wait. Default 0. */
  readonly latencyMs?: number;
  /** For apply-then-fail: what the client sees after the change is committed. Default `error`. */
  readonly then?: "error" | "drop";
  /** Fire at most this many times (≥ 1). */
  readonly times?: number;
}

/** A fault rule as the emulator holds it: its defaults filled in. */
export interface ResolvedFaultRule {
  readonly action: string;
  readonly kind: FaultKind;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly codeN?: number | null;
  readonly probability: number;
  readonly everyNth?: number;
  readonly latencyMs: number;
  readonly then: "error" | "drop";
  readonly times?: number;
}
