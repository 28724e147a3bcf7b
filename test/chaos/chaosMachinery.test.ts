import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import { accountOfStack } from "../../scripts/chaos/accountOfStack";
import type { DesiredStack } from "../../scripts/chaos/ChaosCycle";
import type { RecordedResource } from "../../scripts/chaos/ChaosDriver";
import { checkInvariants, type InvariantInput } from "../../scripts/chaos/checkInvariants";
import { generateCycle } from "../../scripts/chaos/generateCycle";

/**
 * What makes a chaos run trustworthy: the same seed gives the same cycle, every cycle exercises the cases that
 * matter (groups sharing a configuration with a hand-made one, replacements, out-of-band edits), and the
 * invariants do catch each kind of damage they are meant to catch.
 */

const VHOST = "push.example.com";

const DESIRED: DesiredStack = {
  group0: {
    kind: "RelayGroupV3",
    args: { vhost: VHOST, app: "live", group: "g0", servers: [{ protocol: "rtmp", domain: "origin.example.com" }] },
  },
  relay0: {
    kind: "FixedRelayV4",
    args: { domain: "play.example.com", app: "live", stream: "s0", sourceUrls: ["rtmp://studio.example.com/live"] },
  },
};

const HAND_MADE: AccountState = {
  ...emptyAccount(),
  relaySourcesV3: [
    {
      Vhost: VHOST,
      App: "live",
      GroupDetails: [
        { Group: "console", Servers: [{ RelaySourceDomain: "hand.example.com", RelaySourceProtocol: "flv" }] },
      ],
    },
  ],
};

function recordedFor(desired: DesiredStack): RecordedResource[] {
  return Object.entries(desired).map(([name, spec]) => ({
    name,
    kind: spec.kind,
    id: name,
    inputs: spec.args,
    outputs: { app: "", ...spec.args, ...(spec.kind === "FixedRelayV4" ? { taskId: "7" } : {}) },
    initErrors: false,
    pendingReplacement: false,
    pendingDelete: false,
  }));
}

/** The service holding exactly the declared stack and the hand-made group, and the state recording the stack. */
function healthyAfterUp(): InvariantInput {
  const held = accountOfStack(Object.values(DESIRED));
  held.relaySourcesV3[0]!.GroupDetails.push(...structuredClone(HAND_MADE.relaySourcesV3[0]!.GroupDetails));
  held.relaySourcesV4[0]!.TaskId = "7";
  return {
    command: "up",
    desired: DESIRED,
    actual: held,
    handMade: HAND_MADE,
    recorded: recordedFor(DESIRED),
    appliedCreates: new Map([["V4 play.example.com/live/s0", 1]]),
    v4KeysBefore: new Set(),
  };
}

describe("generateCycle", () => {
  it("gives the same cycle for the same seed, and another for another seed", () => {
    expect(generateCycle(42)).toEqual(generateCycle(42));
    expect(generateCycle(43)).not.toEqual(generateCycle(42));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "seed %i: shares a V3 configuration between resources and a hand-made group",
    (seed) => {
      const cycle = generateCycle(seed);
      const created = cycle.phases[0];
      if (created?.kind !== "up") throw new Error("the first phase is an up");
      const configOf = (args: Record<string, unknown>) => `${String(args.vhost)}/${String(args.app ?? "")}`;
      const managed = Object.values(created.desired)
        .filter((spec) => spec.kind === "RelayGroupV3")
        .map((spec) => configOf(spec.args));
      const shared = managed.filter((config, index) => managed.indexOf(config) !== index);
      expect(shared.length).toBeGreaterThan(0);
      const handMade = cycle.handMade.relaySourcesV3.map((config) => `${config.Vhost}/${config.App}`);
      expect(handMade.some((config) => managed.includes(config))).toBe(true);
    },
  );

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i: changes keys, edits out of band, and injects all fault kinds", (seed) => {
    const cycle = generateCycle(seed);
    const [created, , rekeyed, outOfBand] = cycle.phases;
    if (created?.kind !== "up" || rekeyed?.kind !== "up" || outOfBand?.kind !== "out-of-band") {
      throw new Error("unexpected phase order");
    }
    const key = (args: Record<string, unknown>) =>
      JSON.stringify([args.vhost, args.domain, args.app ?? "", args.group, args.stream, args.messageType]);
    const movedOrNew = Object.entries(rekeyed.desired).filter(
      ([name, spec]) => created.desired[name] === undefined || key(created.desired[name].args) !== key(spec.args),
    );
    expect(movedOrNew.length).toBeGreaterThan(0);
    expect(outOfBand.edits.some((edit) => "resource" in edit.owner && edit.change.startsWith("delete"))).toBe(true);
    expect(outOfBand.edits.some((edit) => "resource" in edit.owner && edit.change.startsWith("set"))).toBe(true);
    const kinds = new Set(cycle.faults.map((rule) => rule.kind));
    expect([...kinds].sort()).toEqual(["apply-then-fail", "drop", "error", "latency"]);
    const codes = new Set(cycle.faults.map((rule) => rule.code));
    expect(codes.has("CommonErr")).toBe(true);
  });
});

describe("checkInvariants", () => {
  it("passes a service and a state that match the declared stack, the hand-made group included", () => {
    expect(checkInvariants(healthyAfterUp())).toEqual([]);
  });

  it("reports a hand-made group lost by a write that resent the configuration without it", () => {
    const input = healthyAfterUp();
    input.actual.relaySourcesV3[0]!.GroupDetails = input.actual.relaySourcesV3[0]!.GroupDetails.slice(0, 1);
    expect(checkInvariants(input)).toEqual([
      "hand-made lost: V3 push.example.com/live/console (flv://hand.example.com)",
      "lost: V3 push.example.com/live/console is missing (expected flv://hand.example.com)",
    ]);
  });

  it("reports a configuration no state records and nobody made by hand as an orphan", () => {
    const input = healthyAfterUp();
    input.actual.relaySourcesV4.push({ ...input.actual.relaySourcesV4[0]!, Stream: "s-old", TaskId: "3" });
    expect(checkInvariants(input)).toEqual([
      "orphan: V4 play.example.com/live/s-old is held but neither recorded nor hand-made",
    ]);
  });

  it("reports a relay created twice (a create repeated after its answer was lost)", () => {
    const input = { ...healthyAfterUp(), appliedCreates: new Map([["V4 play.example.com/live/s0", 2]]) };
    expect(checkInvariants(input)).toEqual([
      "leaked create: V4 play.example.com/live/s0 was created 2 times, expected 1",
    ]);
  });

  it("reports settings that differ from the declared ones, and a TaskId that is not the service's", () => {
    const input = healthyAfterUp();
    input.actual.relaySourcesV4[0]!.SrcAddrS = ["rtmp://stale.example.com/live"];
    input.actual.relaySourcesV4[0]!.TaskId = "8";
    expect(checkInvariants(input)).toEqual([
      "differs: V4 play.example.com/live/s0 holds rtmp://stale.example.com/live [0-0], expected rtmp://studio.example.com/live [0-0]",
      "taskId: relay0 records 7, the service's relay has 8",
    ]);
  });

  it("reports a state left with a partial failure or a pending delete after an up that succeeded", () => {
    const healthy = healthyAfterUp();
    const [group, relay] = healthy.recorded as RecordedResource[];
    const recorded = [{ ...group!, initErrors: true }, relay!, { ...relay!, id: "old", pendingDelete: true }];
    expect(checkInvariants({ ...healthy, recorded })).toEqual([
      "state: group0 is recorded with a partial failure",
      "state: relay0 (old) is still pending deletion",
    ]);
  });

  it("after destroy, reports anything but the hand-made configurations, and any resource still recorded", () => {
    const input: InvariantInput = {
      ...healthyAfterUp(),
      command: "destroy",
      recorded: recordedFor({ relay0: DESIRED.relay0! }),
      appliedCreates: new Map(),
    };
    expect(checkInvariants(input)).toEqual([
      "state: relay0 is still recorded after destroy",
      "orphan: V3 push.example.com/live/g0 is held but neither recorded nor hand-made",
      "orphan: V4 play.example.com/live/s0 is held but neither recorded nor hand-made",
    ]);
  });
});
