import type { RequestLogEntry } from "../../emulator/http/RequestLog";

/** The six kinds of injected fault, as the report names them. */
export const FAULT_KINDS = {
  throttling: "throttling (429)",
  serverError: "5xx",
  commonErr: "CommonErr under HTTP 200",
  drop: "dropped connection",
  latency: "latency spike",
  applyThenFail: "apply-then-fail",
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

/** Faults that fired, by kind, counted from the emulator's request log (each entry names the rules that fired). */
export class FaultCounts {
  readonly byKind: Record<FaultKind, number> = {
    throttling: 0,
    serverError: 0,
    commonErr: 0,
    drop: 0,
    latency: 0,
    applyThenFail: 0,
  };
  /** FlowLimitExceeded answers from the emulator's own rate limiter, not from a fault rule. */
  rateLimited = 0;
  requests = 0;

  record(entries: readonly RequestLogEntry[]): void {
    for (const entry of entries) {
      this.requests += 1;
      for (const fired of entry.faults) {
        if (fired === "latency") this.byKind.latency += 1;
        else if (fired === "drop") this.byKind.drop += 1;
        else if (fired === "apply-then-fail") this.byKind.applyThenFail += 1;
        else if (entry.status === 429) this.byKind.throttling += 1;
        else if (entry.code === "CommonErr") this.byKind.commonErr += 1;
        else this.byKind.serverError += 1;
      }
      if (entry.faults.length === 0 && entry.code === "FlowLimitExceeded") this.rateLimited += 1;
    }
  }

  add(other: FaultCounts): void {
    for (const kind of Object.keys(this.byKind) as FaultKind[]) this.byKind[kind] += other.byKind[kind];
    this.rateLimited += other.rateLimited;
    this.requests += other.requests;
  }

  get total(): number {
    return Object.values(this.byKind).reduce((sum, count) => sum + count, 0);
  }
}
