import { type AccountState, emptyAccount } from "../../emulator/world/WorldState";
import { accountOfStack } from "../../scripts/chaos/accountOfStack";
import type { ChaosCycle, DesiredStack, ResourceSpec } from "../../scripts/chaos/ChaosCycle";
import type { RecordedResource } from "../../scripts/chaos/ChaosDriver";
import { checkInvariants, type InvariantInput } from "../../scripts/chaos/checkInvariants";
import { configLines } from "../../scripts/chaos/configLines";
import { driftViolations } from "../../scripts/chaos/driftViolations";
import { expectedDrift } from "../../scripts/chaos/expectedDrift";
import { generateCycle } from "../../scripts/chaos/generateCycle";
import { type StackSnapshot, unchangedViolations } from "../../scripts/chaos/unchangedViolations";

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
    const at = cycle.phases.findIndex((phase) => phase.label === "change keys");
    const rekeyed = cycle.phases[at];
    const before = cycle.phases.slice(0, at).findLast((phase) => phase.kind === "up" && phase.expect !== "conflict");
    const outOfBand = cycle.phases.find((phase) => phase.kind === "out-of-band");
    if (before?.kind !== "up" || rekeyed?.kind !== "up" || outOfBand?.kind !== "out-of-band") {
      throw new Error("unexpected phase order");
    }
    const key = (args: Record<string, unknown>) =>
      JSON.stringify([args.vhost, args.domain, args.app ?? "", args.group, args.stream, args.messageType]);
    const movedOrNew = Object.entries(rekeyed.desired).filter(
      ([name, spec]) => before.desired[name] === undefined || key(before.desired[name].args) !== key(spec.args),
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

describe("generateCycle: Pulumi operations beyond creates, updates and key changes", () => {
  const upPhase = (cycle: ChaosCycle, label: string | RegExp) => {
    const phase = cycle.phases.find((candidate) =>
      typeof label === "string" ? candidate.label === label : label.test(candidate.label),
    );
    if (phase?.kind !== "up") throw new Error(`no up labelled ${String(label)}`);
    return phase;
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "seed %i: each refused step is expected to conflict, and its fix follows",
    (seed) => {
      const phases = generateCycle(seed).phases.map((phase) =>
        phase.kind === "up" && phase.expect !== undefined ? `${phase.label} (${phase.expect})` : phase.label,
      );
      expect(phases).toEqual([
        "create",
        "update",
        "rename with aliases (no-writes)",
        "rename without aliases (conflict)",
        expect.stringMatching(/^rename fixed by (aliases \(no-writes\)|adopt)$/),
        "up --replace (conflict)",
        expect.stringMatching(/^up --replace with (deleteBeforeReplace|adopt)$/),
        "change keys",
        expect.stringMatching(/^move onto .* key \(conflict\)$/),
        "out-of-band edits",
        "refresh",
        "preview",
        "converge",
        "destroy",
      ]);
    },
  );

  it.each([1, 2, 3, 4])(
    "seed %i: a rename with aliases keeps the resource, one without declares its key under a new name",
    (seed) => {
      const cycle = generateCycle(seed);
      const before = upPhase(cycle, "update").desired;
      const aliased = upPhase(cycle, "rename with aliases").desired;
      const [gone] = Object.keys(before).filter((name) => !(name in aliased));
      const [added] = Object.keys(aliased).filter((name) => !(name in before));
      expect(aliased[added!]).toEqual({
        ...before[gone!],
        opts: { ...before[gone!]!.opts, aliases: [{ name: gone }] },
      });

      const refused = upPhase(cycle, "rename without aliases").desired;
      const [renamed] = Object.keys(aliased).filter((name) => !(name in refused));
      const [fresh] = Object.keys(refused).filter((name) => !(name in aliased));
      expect(refused[fresh!]).toEqual(aliased[renamed!]);
      const fixed = upPhase(cycle, /^rename fixed/).desired[fresh!]!;
      expect(fixed.opts?.aliases?.some((alias) => alias.name === renamed) || fixed.args.adopt === true).toBe(true);
    },
  );

  it.each([1, 2, 3, 4])(
    "seed %i: up --replace targets a resource of the stack; the fix sets deleteBeforeReplace or adopt",
    (seed) => {
      const cycle = generateCycle(seed);
      const refused = upPhase(cycle, "up --replace");
      const fixed = upPhase(cycle, /^up --replace with/);
      const [target] = refused.replace ?? [];
      expect(fixed.replace).toEqual([target]);
      expect(refused.desired[target!]?.args.adopt).not.toBe(true);
      const spec = fixed.desired[target!]!;
      expect(spec.opts?.deleteBeforeReplace === true || spec.args.adopt === true).toBe(true);
    },
  );

  it.each([1, 2, 3, 4])("seed %i: a key moves onto one a hand-made configuration or another resource holds", (seed) => {
    const cycle = generateCycle(seed);
    const rekeyed = upPhase(cycle, "change keys").desired;
    const moved = upPhase(cycle, /^move onto/).desired;
    const changed = Object.keys(moved).filter((name) => JSON.stringify(moved[name]) !== JSON.stringify(rekeyed[name]));
    expect(changed).toHaveLength(1);
    const lines = (specs: Iterable<ResourceSpec>) => [...configLines(accountOfStack(specs)).lines.keys()];
    const [key] = lines([moved[changed[0]!]!]);
    const taken = [...configLines(cycle.handMade).lines.keys(), ...lines(Object.values(rekeyed))];
    expect(taken).toContain(key);
  });

  it("declares replaceOnChanges on some resources, and some updates replace them", () => {
    const cycles = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => generateCycle(seed));
    const declared = cycles.flatMap((cycle) =>
      Object.values(upPhase(cycle, "create").desired).filter((spec) => spec.opts?.replaceOnChanges !== undefined),
    );
    expect(declared.length).toBeGreaterThan(0);
    const replacements = cycles.flatMap((cycle) => upPhase(cycle, "update").operations ?? []);
    expect(replacements.filter((operation) => operation === "replaceOnChanges").length).toBeGreaterThan(0);
  });

  it("expects the preview to show each drifted resource with the fields its edit changed", () => {
    const cycle = generateCycle(3);
    const preview = cycle.phases.find((phase) => phase.kind === "preview");
    const outOfBand = cycle.phases.find((phase) => phase.kind === "out-of-band");
    if (preview?.kind !== "preview" || outOfBand?.kind !== "out-of-band") throw new Error("no preview");
    const touched = outOfBand.edits.flatMap((edit) => ("resource" in edit.owner ? [edit.owner.resource] : []));
    expect(Object.keys(preview.drift).sort()).toEqual([...touched].sort());
  });

  it("performs only the given number of optional groups (the real-CLI cycles take a few)", () => {
    const labels = generateCycle(5, { operationGroups: 0 }).phases.map((phase) => phase.label);
    expect(labels).toEqual([
      "create",
      "update",
      "change keys",
      "out-of-band edits",
      "refresh",
      "preview",
      "converge",
      "destroy",
    ]);
    const killed = generateCycle(5, { operationGroups: 5 }).phases.filter(
      (phase) => (phase.kind === "up" || phase.kind === "destroy") && phase.killAfterRequests !== undefined,
    );
    expect(killed.map((phase) => phase.label)).toEqual(["change keys", "destroy"]);
  });
});

describe("expectedDrift", () => {
  const relay: ResourceSpec = {
    kind: "FixedRelayV4",
    args: { domain: "play.example.com", app: "live", stream: "s0", sourceUrls: ["rtmp://a.example.com/live"] },
  };

  it("names the fields an edit changed; a delete makes it a create; replaceOnChanges on one makes it a replace", () => {
    const relayEdit = {
      change: "set-relay" as const,
      owner: { resource: "relay0" },
      relay: {
        Domain: "play.example.com",
        App: "live",
        Stream: "s0",
        SrcAddrS: ["rtmp://b.example.com/live"],
        StartTime: 1_893_456_000,
        EndTime: 0,
        TaskId: "",
      },
    };
    const deleted = {
      change: "delete-group" as const,
      owner: { resource: "group0" },
      vhost: VHOST,
      app: "live",
      group: "g0",
    };
    expect(expectedDrift({ ...DESIRED, relay0: relay }, [relayEdit, deleted])).toEqual({
      relay0: { op: "update", fields: ["sourceUrls", "startTime"] },
      group0: { op: "create", fields: [] },
    });
    const replaced = { ...relay, opts: { replaceOnChanges: ["sourceUrls"] } };
    expect(expectedDrift({ relay0: replaced }, [relayEdit]).relay0?.op).toBe("replace");
  });
});

describe("driftViolations", () => {
  const drift = { relay0: { op: "update" as const, fields: ["sourceUrls"] } };

  it("passes a preview that shows exactly the drift", () => {
    expect(driftViolations(DESIRED, drift, { relay0: { op: "update", fields: ["sourceUrls"] } })).toEqual([]);
  });

  it("reports a drifted field the preview misses, one it adds, and a change shown on a resource that did not drift", () => {
    expect(
      driftViolations(DESIRED, drift, {
        relay0: { op: "update", fields: ["adopt"] },
        group0: { op: "update", fields: ["servers"] },
      }),
    ).toEqual([
      "drift: group0 shows update [servers], expected no change",
      "drift: relay0 shows update [adopt], expected update [sourceUrls]",
    ]);
  });

  it("reports drift shown as no change at all (an update with changes: true names no field)", () => {
    expect(driftViolations(DESIRED, drift, { relay0: { op: "update", fields: [] } })).toEqual([
      "drift: relay0 shows update, expected update [sourceUrls]",
    ]);
  });
});

describe("unchangedViolations", () => {
  const before = (): StackSnapshot => ({ actual: healthyAfterUp().actual, recorded: recordedFor(DESIRED) });

  it("passes when service and state are as they were", () => {
    expect(unchangedViolations(before(), before())).toEqual([]);
  });

  it("reports a configuration removed, changed or added, and a state that changed, by a command that was refused", () => {
    const after = before();
    after.actual.relaySourcesV4 = [];
    after.actual.relaySourcesV3[0]!.GroupDetails[0]!.Servers = [];
    after.actual.callbacks.push({
      Vhost: VHOST,
      Domain: "",
      App: "",
      MessageType: "push",
      CallbackDetailList: [],
      TranscodeCallback: 0,
      AuthEnable: false,
      AuthKeyPrimary: "",
      CreateTime: "",
      CreateTimeUTC: "",
    });
    const recorded = [{ ...after.recorded[0]!, pendingReplacement: true }, after.recorded[1]!];
    expect(unchangedViolations(before(), { actual: after.actual, recorded })).toEqual([
      "unchanged: V3 push.example.com/live/g0 changed from rtmp://origin.example.com to ",
      "unchanged: V4 play.example.com/live/s0 was removed (held rtmp://studio.example.com/live [0-0])",
      "unchanged: Callback vhost:push.example.com//push was added ( transcode=0 auth=false key=)",
      expect.stringMatching(/^unchanged: state no longer records group0 \(RelayGroupV3 group0\) inputs/),
      expect.stringMatching(/^unchanged: state now records group0 \(RelayGroupV3 group0, pendingReplacement\)/),
    ]);
  });
});

describe("checkInvariants", () => {
  it("reports a configuration held before and after an up that was deleted in between (re-made, not handed over)", () => {
    const input = {
      ...healthyAfterUp(),
      keysBefore: new Set(["V3 push.example.com/live/g0"]),
      deleted: new Set(["V3 push.example.com/live/g0", "V4 play.example.com/live/old"]),
    };
    expect(checkInvariants(input)).toEqual([
      "re-made: V3 push.example.com/live/g0 was held before and after the up, yet deleted during it",
    ]);
  });

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

  it("after refresh, counts an old half of a replacement still to be deleted as recorded, not as an orphan", () => {
    const input = healthyAfterUp();
    const [group, relay] = input.recorded as RecordedResource[];
    input.actual.relaySourcesV4.push({ ...input.actual.relaySourcesV4[0]!, Stream: "s-old", TaskId: "" });
    const old = { ...relay!, id: "old", outputs: { ...relay!.outputs, stream: "s-old", taskId: "" } };
    const recorded = [group!, relay!, { ...old, pendingDelete: true }];
    expect(checkInvariants({ ...input, command: "refresh", recorded })).toEqual([]);
    expect(
      checkInvariants({
        ...input,
        command: "refresh",
        recorded: [group!, relay!, { ...old, pendingReplacement: true }],
      }),
    ).toEqual(["orphan: V4 play.example.com/live/s-old is held but neither recorded nor hand-made"]);
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
