/**
 * What each benchmark returns: rows for the printed table, plus raw figures for bench/results/latest.json.
 * Every comparison is a ratio measured in the same run, so a noisy machine moves both sides together.
 */
export interface BenchRow {
  /** What was measured, e.g. "signRequest vs official Signer". */
  readonly metric: string;
  readonly value: number;
  /** "signatures/s", "×", "ms", "calls", "MiB" … */
  readonly unit: string;
  /** The target in words, e.g. "≥ 5×"; absent when the row is informative only. */
  readonly target?: string;
  /** Whether `value` meets `target`; absent when there is no target. */
  readonly met?: boolean;
  /** Scale-downs and caveats, e.g. "N = 100, scaled down from 1,000". */
  readonly note?: string;
}

export interface BenchSection {
  /** Stable key in latest.json, e.g. "signer". */
  readonly id: string;
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Raw figures (counts, timings, parameters) kept in latest.json. */
  readonly details?: Record<string, unknown>;
}

export interface BenchOptions {
  /** Smaller sizes for a smoke run (e.g. in a test); the table says so in each row's note. */
  readonly quick: boolean;
}
