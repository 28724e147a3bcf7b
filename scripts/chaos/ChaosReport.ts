import { OPERATIONS, type Operation } from "./ChaosCycle";
import { FAULT_KINDS, FaultCounts, type FaultKind } from "./FaultCounts";
import type { CycleResult } from "./runCycle";

export type ChaosRunner = "provider" | "cli";

export interface RunnerSummary {
  readonly runner: ChaosRunner;
  readonly cycles: number;
  /**
   * Commands run (first runs, re-runs, killed runs and recovery runs) and how many of them were re-runs of a
   * phase's command after a run that did not do what was expected.
   */
  readonly commands: number;
  readonly reruns: number;
  /** How often each operation beyond plain creates, updates and key changes was performed. */
  readonly operations: Partial<Record<Operation, number>>;
  readonly requests: number;
  readonly faults: Record<FaultKind, number>;
  readonly faultsTotal: number;
  /** FlowLimitExceeded from the emulator's own 10/s limit (CLI cycles), on top of the injected faults. */
  readonly rateLimited: number;
  readonly violations: { seed: number; violation: string }[];
  readonly failures: { seed: number; failure: string }[];
  readonly wallTimeMs: number;
}

/** Collects cycle results per runner and renders them as a markdown table and as JSON. */
export class ChaosReport {
  private readonly results = new Map<ChaosRunner, { cycles: CycleResult[]; wallTimeMs: number }>();

  constructor(private readonly settings: { readonly baseSeed: number; readonly faultScale: number }) {}

  add(runner: ChaosRunner, result: CycleResult): void {
    const entry = this.results.get(runner) ?? { cycles: [], wallTimeMs: 0 };
    entry.cycles.push(result);
    this.results.set(runner, entry);
  }

  setWallTime(runner: ChaosRunner, wallTimeMs: number): void {
    const entry = this.results.get(runner) ?? { cycles: [], wallTimeMs: 0 };
    entry.wallTimeMs = wallTimeMs;
    this.results.set(runner, entry);
  }

  summaries(): RunnerSummary[] {
    return [...this.results].map(([runner, { cycles, wallTimeMs }]) => {
      const faults = new FaultCounts();
      for (const cycle of cycles) faults.add(cycle.faults);
      const phases = cycles.flatMap((cycle) => cycle.phases.filter((phase) => phase.commands > 0));
      const operations: Partial<Record<Operation, number>> = {};
      for (const cycle of cycles) {
        for (const [operation, times] of Object.entries(cycle.operations) as [Operation, number][]) {
          operations[operation] = (operations[operation] ?? 0) + times;
        }
      }
      return {
        runner,
        cycles: cycles.length,
        commands: phases.reduce((sum, phase) => sum + phase.commands, 0),
        reruns: phases.reduce((sum, phase) => sum + Math.max(0, phase.attempts - 1), 0),
        operations,
        requests: faults.requests,
        faults: { ...faults.byKind },
        faultsTotal: faults.total,
        rateLimited: faults.rateLimited,
        violations: cycles.flatMap((cycle) => cycle.violations.map((violation) => ({ seed: cycle.seed, violation }))),
        failures: cycles.flatMap((cycle) => cycle.failures.map((failure) => ({ seed: cycle.seed, failure }))),
        wallTimeMs,
      };
    });
  }

  get passed(): boolean {
    return this.summaries().every((summary) => summary.violations.length === 0 && summary.failures.length === 0);
  }

  markdown(): string {
    const kinds = Object.keys(FAULT_KINDS) as FaultKind[];
    const lines = [
      `| Runner | Cycles | Commands (re-runs) | API requests | ${kinds.map((kind) => FAULT_KINDS[kind]).join(" | ")} | Faults | Invariant violations | Not converged | Wall time |`,
      `|---|---:|---:|---:|${kinds.map(() => "---:|").join("")}---:|---:|---:|---:|`,
    ];
    for (const summary of this.summaries()) {
      lines.push(
        `| ${summary.runner === "provider" ? "provider level" : "real CLI"} | ${summary.cycles} | ` +
          `${summary.commands} (${summary.reruns}) | ${summary.requests} | ` +
          `${kinds.map((kind) => summary.faults[kind]).join(" | ")} | ${summary.faultsTotal} | ` +
          `${summary.violations.length} | ${summary.failures.length} | ${(summary.wallTimeMs / 1000).toFixed(1)} s |`,
      );
    }
    const summaries = this.summaries();
    if (summaries.some((summary) => Object.keys(summary.operations).length > 0)) {
      lines.push(
        "",
        `| Operation | ${summaries.map((summary) => (summary.runner === "provider" ? "provider level" : "real CLI")).join(" | ")} |`,
        `|---|${summaries.map(() => "---:|").join("")}`,
        ...(Object.keys(OPERATIONS) as Operation[]).map(
          (operation) =>
            `| ${OPERATIONS[operation]} | ${summaries.map((summary) => summary.operations[operation] ?? 0).join(" | ")} |`,
        ),
      );
    }
    const problems = summaries.flatMap((summary) => [
      ...summary.violations.map(
        ({ seed, violation }) => `- ${summary.runner} seed ${seed}: invariant violated: ${violation}`,
      ),
      ...summary.failures.map(({ seed, failure }) => `- ${summary.runner} seed ${seed}: ${failure}`),
    ]);
    if (problems.length > 0) {
      lines.push(
        "",
        "Replay one cycle with `npm run chaos -- --only <runner> --seed <seed> --cycles 1 --cli-cycles 1" +
          `${this.settings.faultScale === 1 ? "" : ` --fault-scale ${this.settings.faultScale}`}\`:`,
        ...problems,
      );
    }
    return lines.join("\n");
  }

  json(): string {
    return JSON.stringify({ ...this.settings, passed: this.passed, runners: this.summaries() }, null, 2);
  }
}
