import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import type { FaultRule } from "../../emulator/faults/FaultRule";
import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import { E2eStack, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const VHOST = "push.e2e-faults.example.com";
const PUSH_DOMAIN = "push-domain.e2e-faults.example.com";
const PLAY_DOMAIN = "play.e2e-faults.example.com";
const WRITE_ACTIONS = ["UpdateRelaySourceV3", "CreateRelaySourceV4", "UpdateRelaySourceV4", "UpdateCallback"];
const DELETE_ACTIONS = ["DeleteRelaySourceV3", "DeleteRelaySourceV4", "DeleteCallback"];
const READ_ACTIONS = ["DescribeRelaySourceV3", "ListRelaySourceV4", "DescribeCallback"];

/**
 * Three resources of each kind: two groups sharing one (vhost, app) configuration and one in another app, three
 * relays on one play domain (one scheduled), and callbacks on a vhost (two types) and on a push domain.
 * `revision` changes every updatable setting, so an `up` from one revision to the next updates all nine.
 */
function mixedStack(revision = 1): ResourceSpecs {
  const specs: ResourceSpecs = {};
  ["live", "live", "sports"].forEach((app, index) => {
    specs[`group${index}`] = {
      kind: "RelayGroupV3",
      args: {
        vhost: VHOST,
        app,
        group: `g${index}`,
        servers: [{ protocol: "rtmp", domain: `origin-${index}-r${revision}.example.com:1935` }],
      },
    };
  });
  [0, 1, 2].forEach((index) => {
    specs[`relay${index}`] = {
      kind: "FixedRelayV4",
      args: {
        domain: PLAY_DOMAIN,
        app: "live",
        stream: `stream-${index}`,
        sourceUrls: [`rtmp://studio-r${revision}.example.com/live/stream-${index}`],
        ...(index === 2 ? { startTime: "2030-01-01T08:00:00Z", endTime: `2030-01-0${revision + 1}T08:00:00Z` } : {}),
      },
    };
  });
  const hook = (scope: Record<string, string>, messageType: string) => ({
    kind: "LiveCallback" as const,
    args: { ...scope, messageType, callbacks: [{ url: `https://hooks-r${revision}.example.com/${messageType}` }] },
  });
  specs.hook0 = hook({ vhost: VHOST, app: "live" }, "push");
  specs.hook1 = hook({ vhost: VHOST, app: "live" }, "record");
  specs.hook2 = hook({ domain: PUSH_DOMAIN }, "push_end");
  return specs;
}

/** One line per configuration, sorted: what the account must hold for a stack, and nothing else. */
interface Held {
  groups: string[];
  relays: string[];
  callbacks: string[];
}

function heldBy(account: AccountState): Held {
  return {
    groups: account.relaySourcesV3
      .flatMap((config) =>
        config.GroupDetails.map(
          (group) =>
            `${config.Vhost}/${config.App}/${group.Group} ` +
            group.Servers.map((server) => `${server.RelaySourceProtocol}://${server.RelaySourceDomain}`).join(","),
        ),
      )
      .sort(),
    relays: account.relaySourcesV4
      .map(
        (relay) =>
          `${relay.Domain}/${relay.App}/${relay.Stream} ${relay.SrcAddrS.join(",")} ${relay.StartTime}-${relay.EndTime}`,
      )
      .sort(),
    callbacks: account.callbacks
      .map(
        (callback) =>
          `${callback.Vhost || `domain:${callback.Domain}`}/${callback.App}/${callback.MessageType} ` +
          callback.CallbackDetailList.map((detail) => detail.URL).join(","),
      )
      .sort(),
  };
}

/** The args the mixed stack declares, as the program receives them. */
interface DeclaredArgs {
  vhost?: string;
  domain?: string;
  app?: string;
  group?: string;
  servers?: { protocol: string; domain: string }[];
  stream?: string;
  sourceUrls?: string[];
  startTime?: string;
  endTime?: string;
  messageType?: string;
  callbacks?: { url: string }[];
}

function declaredBy(specs: ResourceSpecs): Held {
  const held: Held = { groups: [], relays: [], callbacks: [] };
  const seconds = (time: string | undefined) => (time === undefined ? 0 : Date.parse(time) / 1000);
  for (const spec of Object.values(specs)) {
    const args = spec.args as DeclaredArgs;
    if (spec.kind === "RelayGroupV3") {
      const servers = (args.servers ?? []).map((server) => `${server.protocol}://${server.domain}`);
      held.groups.push(`${args.vhost}/${args.app}/${args.group} ${servers.join(",")}`);
    } else if (spec.kind === "FixedRelayV4") {
      const window = `${seconds(args.startTime)}-${seconds(args.endTime)}`;
      held.relays.push(`${args.domain}/${args.app}/${args.stream} ${(args.sourceUrls ?? []).join(",")} ${window}`);
    } else {
      const scope = args.vhost ? `${args.vhost}/${args.app ?? ""}` : `domain:${args.domain}/`;
      const urls = (args.callbacks ?? []).map((callback) => callback.url);
      held.callbacks.push(`${scope}/${args.messageType} ${urls.join(",")}`);
    }
  }
  return { groups: held.groups.sort(), relays: held.relays.sort(), callbacks: held.callbacks.sort() };
}

/**
 * One scenario: its own emulator (started with `options`) and stack. `held()` is what the account holds,
 * `answered(action, code)` how many requests of an action the emulator answered with that Code.
 */
function useScenario(name: string, options: EmulatorOptions = {}) {
  const scenario = {} as { emulator: RunningEmulator; stack: E2eStack };
  beforeAll(async () => {
    scenario.emulator = await startEmulator(options);
    scenario.stack = await E2eStack.create(name, scenario.emulator);
  });
  afterAll(async () => {
    scenario.stack?.dispose();
    await scenario.emulator?.stop();
  });
  const account = () => scenario.emulator.state().accounts[scenario.emulator.credentials.accessKeyId] ?? emptyAccount();
  return {
    get emulator() {
      return scenario.emulator;
    },
    get stack() {
      return scenario.stack;
    },
    held: () => heldBy(account()),
    answered: (action: string, code: string) => scenario.emulator.requests().counters[action]?.byCode[code] ?? 0,
    /** CreateRelaySourceV4 requests that created a relay, as domain/app/stream. */
    appliedCreates: () =>
      scenario.emulator
        .requests()
        .requests.filter((entry) => entry.action === "CreateRelaySourceV4" && entry.applied)
        .map((entry) => `${entry.keys.Domain}/${entry.keys.App}/${entry.keys.Stream}`)
        .sort(),
  };
}

const EMPTY: Held = { groups: [], relays: [], callbacks: [] };
const RELAY_KEYS = [0, 1, 2].map((index) => `${PLAY_DOMAIN}/live/stream-${index}`);

describe("a mixed stack under emulator faults, under the real Pulumi CLI", () => {
  describe("throttling: 2 requests/s per action", () => {
    const scenario = useScenario("faults-throttle", { rateLimit: 2 });

    it("up succeeds through FlowLimitExceeded answers, and every declared config exists exactly once", async () => {
      scenario.stack.setResources(mixedStack());

      await scenario.stack.up();

      expect(scenario.held()).toEqual(declaredBy(mixedStack()));
      expect(scenario.appliedCreates()).toEqual(RELAY_KEYS);
      const throttled = Object.values(scenario.emulator.requests().counters).reduce(
        (sum, counter) => sum + (counter.byCode.FlowLimitExceeded ?? 0),
        0,
      );
      expect(throttled).toBeGreaterThan(0);
      await scenario.stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it("destroy under the same rate limit leaves the account empty", async () => {
      await scenario.stack.destroy();

      expect(scenario.held()).toEqual(EMPTY);
    });
  });

  describe("5xx: InternalError 500 or ServiceUnavailableTemp 503 on every second request of each action, at most twice", () => {
    const scenario = useScenario("faults-5xx");
    /**
     * At most two faults per action (so no call runs out of its five attempts), and one on CreateRelaySourceV4: a
     * create answered 5xx is ambiguous, and the provider makes one more create only after listing.
     */
    const serverErrors = (): FaultRule[] =>
      [...READ_ACTIONS, ...WRITE_ACTIONS, ...DELETE_ACTIONS].map((action) => ({
        action,
        kind: "error",
        ...(action.startsWith("Describe") || action.startsWith("List") || action.startsWith("Delete")
          ? { status: 500, code: "InternalError" }
          : { status: 503, code: "ServiceUnavailableTemp" }),
        everyNth: 2,
        times: action === "CreateRelaySourceV4" ? 1 : 2,
      }));

    it("up succeeds in one run with the declared state, each write action having been answered 5xx", async () => {
      scenario.emulator.setFaults(serverErrors());
      scenario.stack.setResources(mixedStack());

      await scenario.stack.up();

      expect(scenario.held()).toEqual(declaredBy(mixedStack()));
      expect(scenario.appliedCreates()).toEqual(RELAY_KEYS);
      expect(scenario.answered("CreateRelaySourceV4", "ServiceUnavailableTemp")).toBe(1);
      expect(scenario.answered("UpdateRelaySourceV3", "ServiceUnavailableTemp")).toBeGreaterThan(0);
      expect(scenario.answered("UpdateCallback", "ServiceUnavailableTemp")).toBeGreaterThan(0);
      expect(scenario.emulator.faultsInjected().error).toBeGreaterThan(3);
      await scenario.stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    it("refresh under the same faults records no change", async () => {
      scenario.emulator.setFaults(serverErrors());
      scenario.emulator.clearRequests();

      await scenario.stack.expectSuccess(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);

      // Two callback scopes (a vhost and a domain) mean at least two DescribeCallback requests: the second fails.
      expect(READ_ACTIONS.reduce((sum, action) => sum + scenario.answered(action, "InternalError"), 0)).toBeGreaterThan(
        0,
      );
    });

    it("destroy under the same faults leaves the account empty", async () => {
      scenario.emulator.setFaults(serverErrors());
      scenario.emulator.clearRequests();

      await scenario.stack.destroy();

      expect(scenario.held()).toEqual(EMPTY);
      expect(
        DELETE_ACTIONS.reduce((sum, action) => sum + scenario.answered(action, "InternalError"), 0),
      ).toBeGreaterThan(0);
    });
  });

  applyThenFailScenario("error", { alsoUpdate: false });
  applyThenFailScenario("drop", { alsoUpdate: true });
});

/**
 * Every create, update and delete changes the world and then loses its answer (an error, or a dropped
 * connection). `alsoUpdate` adds an update of all nine under the same faults (run for one variant only, to keep
 * the file's run time down).
 */
function applyThenFailScenario(then: "error" | "drop", options: { alsoUpdate: boolean }) {
  describe(`apply-then-fail, then ${then}, on every create, update and delete`, () => {
    // A delete retried after it applied then meets an error (the config is gone), not a success.
    const scenario = useScenario(`faults-apply-${then}`, { deleteMissing: "error" });
    beforeAll(() => {
      scenario.emulator.setFaults(
        [...WRITE_ACTIONS, ...DELETE_ACTIONS].map((action) => ({
          action,
          kind: "apply-then-fail",
          then,
          status: 500,
          code: "InternalError",
        })),
      );
    });

    it("up converges in one run: exactly one relay per key, no other config, taskId empty for every lost answer", async () => {
      scenario.stack.setResources(mixedStack());

      await scenario.stack.up();

      expect(scenario.held()).toEqual(declaredBy(mixedStack()));
      // Each create ran once and was confirmed by listing, never repeated (a repeat would be refused as a duplicate).
      expect(scenario.appliedCreates()).toEqual(RELAY_KEYS);
      expect(scenario.answered("CreateRelaySourceV4", "InvalidParam")).toBe(0);
      expect(scenario.emulator.faultsInjected()["apply-then-fail"]).toBeGreaterThanOrEqual(9);
      expect((await scenario.stack.outputs()).relayTaskIds).toEqual({ relay0: "", relay1: "", relay2: "" });
      await scenario.stack.expectSuccess(["preview", "--expect-no-changes"]);
    });

    if (options.alsoUpdate) {
      it("an update of all nine converges in one run", async () => {
        const faultsBefore = scenario.emulator.faultsInjected()["apply-then-fail"] ?? 0;
        scenario.stack.setResources(mixedStack(2));

        await scenario.stack.up();

        expect(scenario.held()).toEqual(declaredBy(mixedStack(2)));
        expect(scenario.appliedCreates()).toEqual(RELAY_KEYS);
        // Nine updates, each answer lost on every attempt, each confirmed by reading the service back.
        expect(scenario.emulator.faultsInjected()["apply-then-fail"]).toBeGreaterThanOrEqual(faultsBefore + 9);
        await scenario.stack.expectSuccess(["preview", "--expect-no-changes"]);
      });
    }

    it("destroy under the same faults leaves the account empty", async () => {
      scenario.emulator.clearRequests();

      await scenario.stack.destroy();

      expect(scenario.held()).toEqual(EMPTY);
      // Each delete applied, lost its answer, and its retry was told the config does not exist.
      for (const action of DELETE_ACTIONS) {
        expect(scenario.answered(action, "InvalidParam")).toBeGreaterThan(0);
      }
    });
  });
}
