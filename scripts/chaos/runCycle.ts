import type { RunningEmulator } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/http/RequestLog";
import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import { applyOutOfBand } from "./applyOutOfBand";
import type { ChaosCycle, ChaosPhase, Operation } from "./ChaosCycle";
import type { ChaosDriver, CommandOutcome } from "./ChaosDriver";
import { checkInvariants, handMadeViolations } from "./checkInvariants";
import { configLines } from "./configLines";
import { driftViolations } from "./driftViolations";
import { FaultCounts } from "./FaultCounts";
import { isConflictError } from "./isConflictError";
import { deletedKeys, describeRequest, writeRequests } from "./requestKeys";
import { unchangedViolations } from "./unchangedViolations";

export interface PhaseResult {
  readonly label: string;
  /** Runs of the phase's command: 1 when it did what was expected at once. */
  readonly attempts: number;
  /** Every command the phase ran: its runs, plus a killed run and the recovery's runs. */
  readonly commands: number;
  readonly converged: boolean;
  readonly durationMs: number;
}

export interface CycleResult {
  readonly seed: number;
  readonly phases: PhaseResult[];
  readonly faults: FaultCounts;
  /** The operations performed (phases that converged without violation), by kind. */
  readonly operations: Partial<Record<Operation, number>>;
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

type CommandPhase = Exclude<ChaosPhase, { kind: "out-of-band" }>;

/**
 * Runs one cycle's phases through a driver against an emulator that already has the cycle's modes: seeds the
 * hand-made configurations, turns the faults on for every command, re-runs a failed command up to
 * `maxAttempts` times, and checks the invariants after each converged command (hand-made configurations after
 * every run, failed ones included). A phase expected to be refused must fail with the conflict error, every run
 * writing nothing and leaving service and state as they were. Where the driver can kill a command, a phase with
 * `killAfterRequests` is first run and killed, then recovered (the state must then record what the service
 * holds), then run as usual. Stops at the first phase that does not converge or breaks an invariant: what
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
    operations: {},
    violations: [],
    failures: [],
    trace: [],
    durationMs: 0,
  };
  const count = (operation: Operation, times = 1) =>
    (result.operations[operation] = (result.operations[operation] ?? 0) + times);
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
        result.phases.push({ label: phase.label, attempts: 1, commands: 0, converged: true, durationMs: 0 });
        continue;
      }
      const run = new PhaseRuns(phase, account());
      const expectsConflict = phase.kind === "up" && phase.expect === "conflict";
      const before = { actual: account(), recorded: expectsConflict ? await driver.recorded() : [] };
      const violations: string[] = [];
      /** Takes a run's requests from the emulator: faults, creates, deletes, trace, hand-made check. */
      const collect = (label: string, outcome: CommandOutcome) => {
        const entries = emulator.requests().requests;
        emulator.clearRequests();
        run.record(label, outcome, entries);
        result.faults.record(entries);
        for (const violation of handMadeViolations(account(), handMade)) {
          violations.push(`${phase.label} (${label}): ${violation}`);
        }
        return entries;
      };

      const killable = phase.kind === "up" || phase.kind === "destroy" ? phase : undefined;
      if (killable?.killAfterRequests !== undefined && driver.killed && driver.recover) {
        const due = killable.killAfterRequests;
        const desired = killable.kind === "up" ? killable.desired : {};
        const { killed } = await driver.killed(
          killable.kind,
          desired,
          () => emulator.requests().requests.length >= due,
        );
        collect(killed ? "killed run" : "run that ended before its kill", { ok: true, errors: [] });
        if (killed) {
          let recovery: Awaited<ReturnType<NonNullable<ChaosDriver["recover"]>>> | undefined;
          for (let attempt = 1; attempt <= options.maxAttempts && !recovery?.ok; attempt++) {
            await sleep(options.gapMs);
            recovery = await driver.recover();
            collect(`recovery ${attempt} (pending: ${recovery.pending.join(", ") || "none"})`, recovery);
          }
          if (!recovery?.ok) {
            result.trace.push(...run.trace);
            result.failures.push(`${phase.label}: recovery after the kill did not converge`);
            result.phases.push(run.result(false, phaseStarted));
            break;
          }
          violations.push(
            ...checkInvariants({
              command: "refresh",
              actual: account(),
              handMade,
              recorded: await driver.recorded(),
              appliedCreates: run.appliedCreates,
              v4KeysBefore: run.v4KeysBefore,
            }).map((violation) => `${phase.label} (after recovery): ${violation}`),
          );
          count(killable.kind === "up" ? "interruptedUp" : "interruptedDestroy");
          count("pendingCreatesRecorded", recovery.recordedCreates);
        }
      }

      let outcome: CommandOutcome = { ok: false, errors: [] };
      let steps: Awaited<ReturnType<ChaosDriver["preview"]>>["steps"] = {};
      let refused = false;
      while (run.attempts < options.maxAttempts && !outcome.ok && !refused && violations.length === 0) {
        if (run.commands > 0) await sleep(options.gapMs);
        run.attempts += 1;
        if (phase.kind === "preview") {
          const preview = await driver.preview(phase.desired);
          outcome = preview;
          steps = preview.steps;
        } else if (phase.kind === "up") {
          outcome = await driver.up(phase.desired, { replace: phase.replace ?? [] });
        } else {
          outcome = await (phase.kind === "refresh" ? driver.refresh() : driver.destroy());
        }
        const entries = collect(`run ${run.attempts}`, outcome);
        if (expectsConflict) {
          if (outcome.ok) {
            violations.push(`${phase.label}: expected a conflict error, but the up succeeded`);
            break;
          }
          for (const write of writeRequests(entries)) {
            violations.push(`${phase.label} (run ${run.attempts}): wrote before refusing: ${describeRequest(write)}`);
          }
          const after = { actual: account(), recorded: await driver.recorded() };
          violations.push(...unchangedViolations(before, after).map((line) => `${phase.label}: ${line}`));
          refused = outcome.errors.some(isConflictError);
        }
      }
      const converged = expectsConflict ? refused : outcome.ok;
      result.phases.push(run.result(converged, phaseStarted));
      if (violations.length > 0) {
        result.violations.push(...violations);
        result.trace.push(...run.trace);
        break;
      }
      if (!converged) {
        result.trace.push(...run.trace);
        result.failures.push(
          `${phase.label}: did not ${expectsConflict ? "fail with the conflict error" : "converge"} in ` +
            `${run.attempts} runs; last errors: ` +
            outcome.errors.join(" | ").slice(0, 2000),
        );
        break;
      }
      if (phase.kind === "preview") {
        violations.push(...driftViolations(phase.desired, phase.drift, steps).map((line) => `${phase.label}: ${line}`));
      } else if (!expectsConflict) {
        if (phase.kind === "up" && phase.expect === "no-writes") {
          for (const write of run.writes) violations.push(`${phase.label}: expected no write, sent ${write}`);
        }
        violations.push(
          ...checkInvariants({
            command: phase.kind,
            ...(phase.kind === "up" ? { desired: phase.desired } : {}),
            actual: account(),
            handMade,
            recorded: await driver.recorded(),
            appliedCreates: run.appliedCreates,
            v4KeysBefore: run.v4KeysBefore,
            keysBefore: run.keysBefore,
            deleted: run.deleted,
          }).map((violation) => `${phase.label}: ${violation}`),
        );
      }
      if (violations.length > 0) {
        result.violations.push(...violations);
        result.trace.push(...run.trace);
        break;
      }
      for (const operation of phase.operations ?? []) count(operation);
      // The gap lets the service's read lag pass: only writes start one.
      if (run.writes.length > 0) await sleep(options.gapMs);
    }
  } finally {
    emulator.setFaults([]);
  }
  return { ...result, durationMs: performance.now() - started };
}

/** What one phase's runs did to the service, gathered run by run from the emulator's request log. */
class PhaseRuns {
  attempts = 0;
  commands = 0;
  readonly trace: string[] = [];
  /** CreateRelaySourceV4 requests that created a relay, by `V4 domain/app/stream`. */
  readonly appliedCreates = new Map<string, number>();
  readonly deleted = new Set<string>();
  readonly writes: string[] = [];
  readonly keysBefore: ReadonlySet<string>;
  readonly v4KeysBefore: ReadonlySet<string>;

  constructor(
    private readonly phase: CommandPhase,
    before: AccountState,
  ) {
    this.keysBefore = new Set(configLines(before).lines.keys());
    this.v4KeysBefore = new Set([...this.keysBefore].filter((key) => key.startsWith("V4 ")));
  }

  record(label: string, outcome: CommandOutcome, entries: readonly RequestLogEntry[]): void {
    this.commands += 1;
    this.trace.push(`${this.phase.label}, ${label}: ${outcome.ok ? "ok" : outcome.errors.join(" | ")}`);
    for (const entry of entries) this.trace.push(`  ${describeRequest(entry)}`);
    for (const entry of entries) {
      if (entry.action !== "CreateRelaySourceV4" || !entry.applied) continue;
      const key = `V4 ${entry.keys.Domain ?? ""}/${entry.keys.App ?? ""}/${entry.keys.Stream ?? ""}`;
      this.appliedCreates.set(key, (this.appliedCreates.get(key) ?? 0) + 1);
    }
    for (const key of deletedKeys(entries)) this.deleted.add(key);
    this.writes.push(...writeRequests(entries).map(describeRequest));
  }

  result(converged: boolean, started: number): PhaseResult {
    return {
      label: this.phase.label,
      attempts: this.attempts,
      commands: this.commands,
      converged,
      durationMs: performance.now() - started,
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
