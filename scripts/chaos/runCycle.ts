import type { RunningEmulator } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/http/RequestLog";
import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import { applyOutOfBand } from "./applyOutOfBand";
import type { ChaosCycle, DesiredStack } from "./ChaosCycle";
import type { ChaosDriver, CommandOutcome } from "./ChaosDriver";
import { checkInvariants, handMadeViolations } from "./checkInvariants";
import { FaultCounts } from "./FaultCounts";

export interface PhaseResult {
  readonly label: string;
  /** Runs of the command: 1 when it succeeded at once. */
  readonly attempts: number;
  readonly converged: boolean;
  readonly durationMs: number;
}

export interface CycleResult {
  readonly seed: number;
  readonly phases: PhaseResult[];
  readonly faults: FaultCounts;
  /** Invariant violations, each prefixed with the phase. Must be empty. */
  readonly violations: string[];
  /** Phases that did not converge within the bound, with the last run's errors. Must be empty. */
  readonly failures: string[];
  /** Every request of the phase that went wrong, run by run, with the faults that fired: for diagnosis. */
  readonly trace: string[];
  readonly durationMs: number;
}

export interface CycleOptions {
  /** Runs of one command before the phase counts as not converging (a user re-running `pulumi up`). */
  readonly maxAttempts: number;
  /** Pause between commands: at least the emulator's read lag, as a real CLI takes seconds to start. */
  readonly gapMs: number;
}

/**
 * Runs one cycle's phases through a driver against an emulator that already has the cycle's modes: seeds the
 * hand-made configurations, turns the faults on for every command, re-runs a failed command up to
 * `maxAttempts` times, and checks the invariants after each converged command (hand-made configurations after
 * every run, failed ones included). Stops at the first phase that does not converge or breaks an invariant: what
 * follows would only repeat it.
 */
export async function runCycle(
  cycle: ChaosCycle,
  emulator: RunningEmulator,
  driver: ChaosDriver,
  options: CycleOptions,
): Promise<CycleResult> {
  const started = performance.now();
  const accessKey = emulator.credentials.accessKeyId;
  const account = (): AccountState => emulator.state().accounts[accessKey] ?? emptyAccount();
  const editAccount = (change: (target: AccountState) => void) => {
    const world = emulator.state();
    const target = world.accounts[accessKey] ?? emptyAccount();
    change(target);
    world.accounts[accessKey] = target;
    emulator.setState(world);
  };

  const result: CycleResult = {
    seed: cycle.seed,
    phases: [],
    faults: new FaultCounts(),
    violations: [],
    failures: [],
    trace: [],
    durationMs: 0,
  };
  const handMade = structuredClone(cycle.handMade);
  editAccount((target) => Object.assign(target, structuredClone(cycle.handMade)));
  emulator.setFaults(cycle.faults);
  emulator.clearRequests();

  try {
    for (const phase of cycle.phases) {
      const phaseStarted = performance.now();
      if (phase.kind === "out-of-band") {
        editAccount((target) => {
          for (const edit of phase.edits) applyOutOfBand(target, edit);
        });
        for (const edit of phase.edits) if ("handMade" in edit.owner) applyOutOfBand(handMade, edit);
        result.phases.push({ label: phase.label, attempts: 1, converged: true, durationMs: 0 });
        continue;
      }
      const v4KeysBefore = new Set(account().relaySourcesV4.map((relay) => v4Key(relay)));
      const appliedCreates = new Map<string, number>();
      // The phase's requests, run by run: kept in the result only if the phase goes wrong.
      const trace: string[] = [];
      let outcome: CommandOutcome = { ok: false, errors: [] };
      let attempts = 0;
      while (attempts < options.maxAttempts && !outcome.ok) {
        if (attempts > 0) await sleep(options.gapMs);
        attempts += 1;
        outcome = await run(driver, phase.kind, phase.kind === "up" ? phase.desired : undefined);
        const entries = emulator.requests().requests;
        emulator.clearRequests();
        trace.push(`${phase.label}, run ${attempts}: ${outcome.ok ? "ok" : outcome.errors.join(" | ")}`);
        for (const entry of entries) trace.push(`  ${describeRequest(entry)}`);
        result.faults.record(entries);
        for (const entry of entries) {
          if (entry.action !== "CreateRelaySourceV4" || !entry.applied) continue;
          const key = v4Key({
            Domain: entry.keys.Domain ?? "",
            App: entry.keys.App ?? "",
            Stream: entry.keys.Stream ?? "",
          });
          appliedCreates.set(key, (appliedCreates.get(key) ?? 0) + 1);
        }
        for (const violation of handMadeViolations(account(), handMade)) {
          result.violations.push(`${phase.label} (run ${attempts}): ${violation}`);
        }
      }
      result.phases.push({
        label: phase.label,
        attempts,
        converged: outcome.ok,
        durationMs: performance.now() - phaseStarted,
      });
      if (!outcome.ok) {
        result.trace.push(...trace);
        result.failures.push(
          `${phase.label}: did not converge in ${attempts} runs; last errors: ${outcome.errors.join(" | ").slice(0, 2000)}`,
        );
        break;
      }
      const violations = checkInvariants({
        command: phase.kind,
        ...(phase.kind === "up" ? { desired: phase.desired } : {}),
        actual: account(),
        handMade,
        recorded: await driver.recorded(),
        appliedCreates,
        v4KeysBefore,
      });
      result.violations.push(...violations.map((violation) => `${phase.label}: ${violation}`));
      if (result.violations.length > 0) {
        result.trace.push(...trace);
        break;
      }
      await sleep(options.gapMs);
    }
  } finally {
    emulator.setFaults([]);
  }
  return { ...result, durationMs: performance.now() - started };
}

function run(driver: ChaosDriver, command: "up" | "refresh" | "destroy", desired: DesiredStack | undefined) {
  if (command === "up") return driver.up(desired ?? {});
  return command === "refresh" ? driver.refresh() : driver.destroy();
}

function describeRequest(entry: RequestLogEntry): string {
  const faults = entry.faults.length > 0 ? ` faults=${entry.faults.join(",")}` : "";
  return (
    `${entry.at} ${entry.action} ${JSON.stringify(entry.keys)} → ${entry.status || "dropped"}` +
    `${entry.code ? ` ${entry.code}` : ""}${faults}${entry.applied ? " applied" : ""}`
  );
}

function v4Key(relay: { Domain: string; App: string; Stream: string }): string {
  return `V4 ${relay.Domain}/${relay.App}/${relay.Stream}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
