import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator";
import { type AccountState, emptyAccount, type WorldState } from "../../emulator/world/WorldState";
import type { ProviderRuntime, ProviderRuntimeOptions } from "../../provider/dynamic/ProviderRuntime";
import { emulatorRuntime } from "./emulatorRuntime";

/**
 * Shared by the resource tests: a real emulator on port 0 and provider runtimes pointed at it, with millisecond
 * backoff and short read guards so a suite of lifecycles stays fast.
 *
 * The engine starts one provider process per command (`up`, `refresh`, `destroy`), and nothing in memory — the
 * key ledger, the relay-group journal, shared reads — outlives it. `command(Provider)` is that process: a test
 * takes a fresh one at every command boundary, and within a command calls only what the engine would (an `up`
 * checks, diffs, then creates, updates or deletes; a `refresh` only reads; a `destroy` only deletes).
 */

/** Millisecond backoff, short read guards, no client-side rate limit and no shared reads. */
export const FAST_RUNTIME_OPTIONS: ProviderRuntimeOptions = {
  client: { rateLimit: false, retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } },
  readGuardDelaysMs: [50, 100, 200],
  readCacheMs: 0,
};

/** A provider kind, built on a runtime (what one provider process shares). */
export type ProviderClass<P> = new (runtime: ProviderRuntime) => P;

/** One emulator per mode; every runtime a test opened is closed after it. */
export interface ModeHarness {
  readonly emulator: RunningEmulator;
  /** A fresh runtime: a new provider process. */
  runtime(): ProviderRuntime;
  /** The provider of a new provider process, for the next Pulumi command. */
  command<P>(Provider: ProviderClass<P>): P;
}

export function useEmulator(options: EmulatorOptions): ModeHarness {
  let emulator: RunningEmulator | undefined;
  const open: ProviderRuntime[] = [];
  const runtime = (): ProviderRuntime => {
    if (emulator === undefined) throw new Error("the emulator is not started yet");
    const opened = emulatorRuntime(emulator, FAST_RUNTIME_OPTIONS);
    open.push(opened);
    return opened;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0, ...options });
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(() => emulator?.reset());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((each) => each.close()));
  });
  return {
    get emulator(): RunningEmulator {
      if (emulator === undefined) throw new Error("the emulator is not started yet");
      return emulator;
    },
    runtime,
    command: (Provider) => new Provider(runtime()),
  };
}

/** The committed state of the emulator's default account. */
export function accountOf(emulator: RunningEmulator): AccountState {
  return emulator.state().accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
}

/** Replaces the default account's state (an out-of-band edit, visible at once). */
export function setAccount(emulator: RunningEmulator, change: (account: AccountState) => void): void {
  const world: WorldState = emulator.state();
  const account = world.accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
  change(account);
  world.accounts[emulator.credentials.accessKeyId] = account;
  emulator.setState(world);
}

/** How many requests of an action the emulator received (0 when none). */
export function callsTo(emulator: RunningEmulator, action: string): number {
  return emulator.requests().counters[action]?.requests ?? 0;
}

/** The actions of the requests the emulator received that are not reads, in order. */
export function writeActions(emulator: RunningEmulator): string[] {
  return emulator
    .requests()
    .requests.filter((entry) => !/^(Describe|List)/.test(entry.action))
    .map((entry) => entry.action);
}

/** Every API call the emulator received. */
export function totalCalls(emulator: RunningEmulator): number {
  return emulator.requests().requests.length;
}

/** A readable test title for an emulator mode, e.g. `v3Update=merge, deleteMissing=ok`. */
export function modeName(options: EmulatorOptions): string {
  return Object.entries(options)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(", ");
}

/** The retryable faults every mutating action and every read must survive, by name. */
export const RETRYABLE_FAULTS = [
  { name: "FlowLimitExceeded 429 twice", rule: { kind: "error", status: 429, code: "FlowLimitExceeded", times: 2 } },
  { name: "503 ServiceUnavailable", rule: { kind: "error", status: 503, code: "ServiceUnavailable", times: 2 } },
  { name: "CommonErr under HTTP 200", rule: { kind: "error", status: 200, code: "CommonErr", times: 2 } },
  { name: "dropped connection", rule: { kind: "drop", times: 2 } },
] as const;

export const APPLY_THEN_FAIL_FAULTS = [
  {
    name: "apply-then-fail, then a 500",
    rule: { kind: "apply-then-fail", status: 500, code: "InternalError", then: "error", times: 1 },
  },
  { name: "apply-then-fail, then a dropped connection", rule: { kind: "apply-then-fail", then: "drop", times: 1 } },
  {
    name: "apply-then-fail on every attempt",
    rule: { kind: "apply-then-fail", status: 500, code: "InternalError", then: "error" },
  },
] as const;
