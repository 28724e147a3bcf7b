import { type RunningEmulator, startEmulator } from "../../emulator";
import { emptyAccount } from "../../emulator/world/WorldState";
import { createRelaySourceV4, deleteRelaySourceV4, updateRelaySourceV4 } from "../../provider/api/relaySourceV4";
import type { ProviderRuntime } from "../../provider/dynamic/ProviderRuntime";
import type { ChaosCycle, ChaosPhase, DesiredStack } from "../../scripts/chaos/ChaosCycle";
import type { ChaosDriver } from "../../scripts/chaos/ChaosDriver";
import { ProviderEngine } from "../../scripts/chaos/ProviderEngine";
import { runCycle } from "../../scripts/chaos/runCycle";
import { startProviderProcess } from "../../scripts/chaos/startProviderProcess";
import { emulatorRuntime } from "../../scripts/lib/emulatorRuntime";

/**
 * What the chaos runner demands of the operations it performs: a step that must be refused fails with the conflict
 * error, writes nothing and changes nothing; a rename with aliases sends no write; after a killed command the
 * recovery leaves the state recording exactly what the service holds. Each is shown catching the damage it names,
 * with the real providers behind a driver that misbehaves on purpose.
 */

const RELAY = { domain: "play.example.com", app: "live", stream: "s0", sourceUrls: ["rtmp://studio.example.com/live"] };
const STACK: DesiredStack = { relay0: { kind: "FixedRelayV4", args: RELAY } };
const CONFLICT = "ResourceConflictError: FixedRelayV4 play.example.com:live:s0 already exists in Volcengine Live";

let emulator: RunningEmulator;
let runtime: ProviderRuntime;

beforeEach(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  runtime = emulatorRuntime(emulator, { client: { rateLimit: false } });
});

afterEach(async () => {
  await runtime.close();
  await emulator.stop();
});

/** The providers driven by the engine model, with some of the driver's methods replaced. */
function driver(overrides: Partial<ChaosDriver> = {}): ChaosDriver {
  const engine = new ProviderEngine(() => startProviderProcess(emulator), 1);
  return {
    up: (desired, options) => engine.up(desired, options),
    preview: (desired) => engine.preview(desired),
    refresh: () => engine.refresh(),
    destroy: () => engine.destroy(),
    recorded: () => engine.recorded(),
    close: () => engine.close(),
    ...overrides,
  };
}

function cycle(...phases: ChaosPhase[]): ChaosCycle {
  return {
    seed: 1,
    modes: { v3Update: "merge", deleteMissing: "ok", readAfterWriteDelayMs: 0, callbackAuthKey: "plain" },
    handMade: emptyAccount(),
    faults: [],
    phases: [{ kind: "up", label: "create", desired: STACK }, ...phases],
  };
}

const run = (phases: ChaosPhase[], overrides: (real: ChaosDriver) => Partial<ChaosDriver> = () => ({})) => {
  const real = driver();
  return runCycle(cycle(...phases), emulator, { ...real, ...overrides(real) }, { maxAttempts: 3, gapMs: 0 });
};

const refused: ChaosPhase = {
  kind: "up",
  label: "refused",
  desired: STACK,
  replace: ["relay0"],
  expect: "conflict",
  operations: ["forcedReplace"],
};

describe("runCycle: steps that must be refused", () => {
  it("counts a refusal with the conflict error that changed nothing as the operation performed", async () => {
    const result = await run([refused]);

    expect(result.violations).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.operations).toEqual({ forcedReplace: 1 });
  });

  it("reports an up that succeeds where the conflict error was expected", async () => {
    const result = await run([{ ...refused, replace: [] }]);

    expect(result.violations).toEqual(["refused: expected a conflict error, but the up succeeded"]);
  });

  it("reports a refusal that wrote, and what the write changed, in service and in state", async () => {
    const result = await run([refused], (real) => ({
      up: async (desired, options) => {
        if (options?.replace?.length) {
          await deleteRelaySourceV4(runtime.client, { Domain: "play.example.com", App: "live", Stream: "s0" });
          return { ok: false, errors: [CONFLICT] };
        }
        return real.up(desired, options);
      },
    }));

    expect(result.violations).toEqual([
      expect.stringMatching(/^refused \(run 1\): wrote before refusing: .* DeleteRelaySourceV4 /),
      "refused: unchanged: V4 play.example.com/live/s0 was removed (held rtmp://studio.example.com/live [0-0])",
    ]);
  });

  it("does not count as refused an up that keeps failing for another reason", async () => {
    const result = await run([refused], (real) => ({
      up: async (desired, options) =>
        options?.replace?.length ? { ok: false, errors: ["ApiError: throttled"] } : real.up(desired, options),
    }));

    expect(result.failures).toEqual([
      "refused: did not fail with the conflict error in 3 runs; last errors: ApiError: throttled",
    ]);
  });
});

describe("runCycle: a rename with aliases", () => {
  const renamed: ChaosPhase = {
    kind: "up",
    label: "rename with aliases",
    desired: { renamed: { ...STACK.relay0!, opts: { aliases: [{ name: "relay0" }] } } },
    expect: "no-writes",
  };

  it("passes when the engine finds the old state and nothing is sent", async () => {
    expect((await run([renamed])).violations).toEqual([]);
  });

  it("reports any write the rename sends, even one that changes nothing", async () => {
    const result = await run([renamed], (real) => ({
      up: async (desired, options) => {
        if ("renamed" in desired) {
          await updateRelaySourceV4(runtime.client, {
            Domain: "play.example.com",
            App: "live",
            Stream: "s0",
            SrcAddrS: ["rtmp://studio.example.com/live"],
          });
        }
        return real.up(desired, options);
      },
    }));

    expect(result.violations).toEqual([
      expect.stringMatching(/^rename with aliases: expected no write, sent .* UpdateRelaySourceV4 .* applied$/),
    ]);
  });
});

describe("runCycle: a killed command and its recovery", () => {
  const killed: ChaosPhase = {
    kind: "up",
    label: "killed",
    desired: { ...STACK, relay1: { kind: "FixedRelayV4", args: { ...RELAY, stream: "s1" } } },
    killAfterRequests: 1,
  };

  it("checks, after the recovery, that the state records what the service holds: a create it lost is an orphan", async () => {
    const result = await run([killed], (real) => ({
      // The killed command's create landed; the recovery never learns of it.
      killed: async () => {
        await createRelaySourceV4(runtime.client, {
          Domain: "play.example.com",
          App: "live",
          Stream: "s1",
          SrcAddrS: ["rtmp://studio.example.com/live"],
        });
        return { killed: true };
      },
      recover: async () => ({ ...(await real.refresh()), pending: ["creating relay1"], recordedCreates: 0 }),
    }));

    expect(result.violations).toEqual([
      "killed (after recovery): orphan: V4 play.example.com/live/s1 is held but neither recorded nor hand-made",
    ]);
  });

  it("counts the kill and the pending creates the recovery recorded, then runs the command as usual", async () => {
    const result = await run([killed], (real) => ({
      killed: async () => ({ killed: true }),
      recover: async () => ({ ...(await real.refresh()), pending: [], recordedCreates: 2 }),
    }));

    expect(result.violations).toEqual([]);
    expect(result.operations).toEqual({ interruptedUp: 1, pendingCreatesRecorded: 2 });
    expect(result.phases.at(-1)).toMatchObject({ label: "killed", attempts: 1, commands: 3, converged: true });
  });
});
