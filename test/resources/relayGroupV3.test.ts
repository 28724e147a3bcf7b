import type { EmulatorOptions, FaultRule, RunningEmulator } from "../../emulator";
import type { RelayServer as ApiRelayServer, RelaySourceV3Config } from "../../emulator/world/WorldState";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { UNKNOWN } from "../../provider/dynamic/unknowns";
import { ResourceConflictError } from "../../provider/errors/ResourceConflictError";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import {
  accountOf,
  APPLY_THEN_FAIL_FAULTS,
  callsTo,
  type ModeHarness,
  RETRYABLE_FAULTS,
  setAccount,
  totalCalls,
  useEmulator,
  modeName,
} from "../../scripts/lib/v3cbHarness";

/**
 * RelayGroupV3's provider, driven in-process against the emulator as the engine drives it, one provider process
 * per command: the full lifecycle under every server mode, groups owned by others, concurrency, out-of-band
 * changes, adopt, faults and input validation.
 */

const VHOST = "push.example.com";
const APP = "live";
const ID = `${VHOST}:${APP}:g1`;

type Inputs = Record<string, unknown>;

const SERVERS_V1 = [{ protocol: "rtmp", domain: "origin-a.example.com:1935", params: { token: "t1" } }];
const SERVERS_V2 = [
  { protocol: "flv", domain: "origin-b.example.com" },
  { protocol: "rtmp", domain: "10.0.0.7:1936", params: { domain: "live.push.net", z: "1" } },
];

/** What the program declares (before check). */
function program(overrides: Inputs = {}): Inputs {
  return { vhost: VHOST, app: APP, group: "g1", servers: SERVERS_V1, ...overrides };
}

/** The servers as the emulator stores them (params omitted when empty, as the provider sends them). */
const API_V1: ApiRelayServer[] = [
  { RelaySourceDomain: "origin-a.example.com:1935", RelaySourceProtocol: "rtmp", RelaySourceParams: { token: "t1" } },
];
const API_V2: ApiRelayServer[] = [
  { RelaySourceDomain: "origin-b.example.com", RelaySourceProtocol: "flv" },
  {
    RelaySourceDomain: "10.0.0.7:1936",
    RelaySourceProtocol: "rtmp",
    RelaySourceParams: { domain: "live.push.net", z: "1" },
  },
];

/** Checked outputs for SERVERS_V2 as the provider returns them. */
const OUT_SERVERS_V2 = [
  { protocol: "flv", domain: "origin-b.example.com", params: {} },
  { protocol: "rtmp", domain: "10.0.0.7:1936", params: { domain: "live.push.net", z: "1" } },
];

/** A group nobody in the program manages, in the same (vhost, app). */
const MANUAL: RelaySourceV3Config = {
  Vhost: VHOST,
  App: APP,
  GroupDetails: [
    { Group: "manual", Servers: [{ RelaySourceDomain: "hand.example.com", RelaySourceProtocol: "rtmp" }] },
  ],
};
/** Configurations of other apps of the same vhost, which no write may touch. */
const NEIGHBOURS: RelaySourceV3Config[] = [
  {
    Vhost: VHOST,
    App: "",
    GroupDetails: [
      { Group: "vhost-wide", Servers: [{ RelaySourceDomain: "wide.example.com", RelaySourceProtocol: "flv" }] },
    ],
  },
  {
    Vhost: VHOST,
    App: "other",
    GroupDetails: [{ Group: "g1", Servers: [{ RelaySourceDomain: "other.example.com", RelaySourceProtocol: "rtmp" }] }],
  },
];

function seed(emulator: RunningEmulator, configs: RelaySourceV3Config[]): void {
  setAccount(emulator, (account) => {
    account.relaySourcesV3 = structuredClone(configs);
  });
}

/** The groups of (vhost, app) in the emulator's committed state, by name. */
function groupsIn(emulator: RunningEmulator, app = APP, vhost = VHOST): Record<string, ApiRelayServer[]> {
  const config = accountOf(emulator).relaySourcesV3.find((item) => item.Vhost === vhost && item.App === app);
  return Object.fromEntries((config?.GroupDetails ?? []).map((group) => [group.Group, group.Servers]));
}

async function checked(provider: RelayGroupV3Provider, news: Inputs, olds: Inputs = {}): Promise<Inputs> {
  const result = await provider.check(olds, news);
  expect(result.failures).toBeUndefined();
  return result.inputs;
}

const LIFECYCLE_MODES: EmulatorOptions[] = [
  { v3Update: "merge", deleteMissing: "ok" },
  { v3Update: "merge", deleteMissing: "error" },
  { v3Update: "replace-all", deleteMissing: "ok" },
  { v3Update: "replace-all", deleteMissing: "error" },
  { v3Update: "merge", deleteMissing: "ok", readAfterWriteDelayMs: 300 },
  { v3Update: "replace-all", deleteMissing: "error", readAfterWriteDelayMs: 300 },
];

describe.each(LIFECYCLE_MODES.map((mode) => [modeName(mode), mode] as const))("lifecycle with %s", (_name, mode) => {
  const h: ModeHarness = useEmulator(mode);
  const lagging = (mode.readAfterWriteDelayMs ?? 0) > 0;

  it("create → read → no-op diff → update → key change → delete", async () => {
    // up: check, create
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    expect(inputs).toEqual({ vhost: VHOST, app: APP, group: "g1", servers: SERVERS_V1, adopt: false });

    const created = await up.create(inputs);
    expect(created).toEqual({ id: ID, outs: inputs });
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([
      { Vhost: VHOST, App: APP, GroupDetails: [{ Group: "g1", Servers: API_V1 }] },
    ]);

    // refresh: read right after the write; even when the service shows it late, it is not reported gone
    const describesBeforeRead = callsTo(h.emulator, "DescribeRelaySourceV3");
    const read = await h.command(RelayGroupV3Provider).read(created.id, created.outs);
    expect(read).toEqual({ id: ID, props: inputs, inputs });
    const readDescribes = callsTo(h.emulator, "DescribeRelaySourceV3") - describesBeforeRead;
    if (lagging) expect(readDescribes).toBeGreaterThan(1);
    else expect(readDescribes).toBe(1);
    const props = read.props as Inputs;

    // up with nothing changed: check, diff
    const same = h.command(RelayGroupV3Provider);
    expect(await same.diff(ID, props, await checked(same, program(), inputs))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });

    // up with new servers: check, diff, update
    const change = h.command(RelayGroupV3Provider);
    const next = await checked(change, program({ servers: SERVERS_V2 }), inputs);
    expect(await change.diff(ID, props, next)).toEqual({ replaces: [], deleteBeforeReplace: false });
    const updated = await change.update(ID, props, next);
    expect(updated).toEqual({
      outs: { vhost: VHOST, app: APP, group: "g1", servers: OUT_SERVERS_V2, adopt: false },
    });
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([
      { Vhost: VHOST, App: APP, GroupDetails: [{ Group: "g1", Servers: API_V2 }] },
    ]);

    // previews of key changes: each replaces, creating the new group before deleting the old one
    for (const [key, value] of [
      ["vhost", "push2.example.com"],
      ["app", "live2"],
      ["group", "g9"],
    ] as const) {
      const preview = h.command(RelayGroupV3Provider);
      const moved = await checked(preview, program({ servers: SERVERS_V2, [key]: value }), next);
      expect(await preview.diff(ID, updated.outs, moved)).toEqual({ replaces: [key], deleteBeforeReplace: false });
    }

    // destroy: delete
    await h.command(RelayGroupV3Provider).delete(ID, updated.outs);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([]);
    expect(callsTo(h.emulator, "UpdateRelaySourceV3")).toBe(2);
    expect(callsTo(h.emulator, "DeleteRelaySourceV3")).toBe(1);
  });

  it("a vhost-level group (app empty) has the id vhost::group and lives in the App '' configuration", async () => {
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, { vhost: VHOST, group: "wide", servers: SERVERS_V1 });
    expect(inputs.app).toBe("");
    const created = await up.create(inputs);
    expect(created.id).toBe(`${VHOST}::wide`);
    expect(groupsIn(h.emulator, "")).toEqual({ wide: API_V1 });
    expect(await h.command(RelayGroupV3Provider).read(created.id, created.outs)).toEqual({
      id: created.id,
      props: inputs,
      inputs,
    });
    await h.command(RelayGroupV3Provider).delete(created.id, created.outs);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([]);
  });

  it("groups made by hand in the same (vhost, app) and in other apps survive create, update and delete", async () => {
    seed(h.emulator, [MANUAL, ...NEIGHBOURS]);
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    const created = await up.create(inputs);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V1 });

    const change = h.command(RelayGroupV3Provider);
    const next = await checked(change, program({ servers: SERVERS_V2 }), inputs);
    const updated = await change.update(created.id, created.outs, next);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V2 });

    await h.command(RelayGroupV3Provider).delete(created.id, updated.outs);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([MANUAL, ...NEIGHBOURS]);
  });
});

describe.each(
  (
    [
      { v3Update: "merge" },
      { v3Update: "replace-all" },
      { v3Update: "merge", readAfterWriteDelayMs: 300 },
      { v3Update: "replace-all", readAfterWriteDelayMs: 300 },
    ] as EmulatorOptions[]
  ).map((mode) => [modeName(mode), mode] as const),
)("two resources on the same vhost/app, concurrently, with %s", (_name, mode) => {
  const h = useEmulator(mode);

  it("create, update and delete in parallel keep every group (and the hand-made one)", async () => {
    seed(h.emulator, [MANUAL]);
    // up: both checked, then both created at once
    const up = h.command(RelayGroupV3Provider);
    const first = await checked(up, program({ group: "g1" }));
    const second = await checked(up, program({ group: "g2", servers: [{ protocol: "flv", domain: "b.example.com" }] }));

    const [one, two] = await Promise.all([up.create(first), up.create(second)]);
    expect(groupsIn(h.emulator)).toEqual({
      manual: MANUAL.GroupDetails[0]?.Servers,
      g1: API_V1,
      g2: [{ RelaySourceDomain: "b.example.com", RelaySourceProtocol: "flv" }],
    });

    // up: both checked, then both updated at once
    const change = h.command(RelayGroupV3Provider);
    const firstNext = await checked(change, program({ group: "g1", servers: SERVERS_V2 }), first);
    const secondNext = await checked(
      change,
      program({ group: "g2", servers: [{ protocol: "rtmp", domain: "b2.example.com:1937" }] }),
      second,
    );
    const [oneUpdated, twoUpdated] = await Promise.all([
      change.update(one.id, one.outs, firstNext),
      change.update(two.id, two.outs, secondNext),
    ]);
    expect(oneUpdated.outs.servers).toEqual(OUT_SERVERS_V2);
    expect(groupsIn(h.emulator)).toEqual({
      manual: MANUAL.GroupDetails[0]?.Servers,
      g1: API_V2,
      g2: [{ RelaySourceDomain: "b2.example.com:1937", RelaySourceProtocol: "rtmp" }],
    });

    // destroy: both deleted at once
    const destroy = h.command(RelayGroupV3Provider);
    await Promise.all([destroy.delete(one.id, oneUpdated.outs), destroy.delete(two.id, twoUpdated.outs)]);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([MANUAL]);
  });
});

describe.each([["ok"], ["error"]] as const)("out-of-band deletion with deleteMissing=%s", (deleteMissing) => {
  const h = useEmulator({ deleteMissing });

  /** An `up` creates the group, then someone deletes it by hand. */
  async function createThenDeleteByHand() {
    seed(h.emulator, [MANUAL]);
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    const created = await up.create(inputs);
    setAccount(h.emulator, (account) => {
      account.relaySourcesV3 = [structuredClone(MANUAL)];
    });
    return { inputs, created };
  }

  it("a refresh reads the group gone with { id: '' } and does not throw", async () => {
    const { created } = await createThenDeleteByHand();
    expect(await h.command(RelayGroupV3Provider).read(created.id, created.outs)).toEqual({ id: "" });
    // Gone only after the guard re-read it: create's 1, then the read's 1 + one per guard delay.
    expect(callsTo(h.emulator, "DescribeRelaySourceV3")).toBe(1 + 1 + 3);
  });

  it("a destroy deletes the already-deleted group successfully", async () => {
    const { created } = await createThenDeleteByHand();
    await h.command(RelayGroupV3Provider).delete(created.id, created.outs);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([MANUAL]);
    expect(callsTo(h.emulator, "DeleteRelaySourceV3")).toBe(1);
  });

  it("an up that removes it while creating another group of the (vhost, app) deletes it successfully", async () => {
    const { created } = await createThenDeleteByHand();
    const up = h.command(RelayGroupV3Provider);
    const g2 = await up.create(await checked(up, program({ group: "g2" })));
    await up.delete(created.id, created.outs);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g2: API_V1 });
    expect(g2.id).toBe(`${VHOST}:${APP}:g2`);
    expect(callsTo(h.emulator, "DeleteRelaySourceV3")).toBe(1);
  });

  it("after a refresh dropped it, the next up creates the group again", async () => {
    const { inputs } = await createThenDeleteByHand();
    expect(await h.command(RelayGroupV3Provider).read(ID, inputs)).toEqual({ id: "" });
    const up = h.command(RelayGroupV3Provider);
    const recreated = await up.create(await checked(up, program()));
    expect(recreated.id).toBe(ID);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V1 });
  });
});

describe.each([["merge"], ["replace-all"]] as const)("existing group, v3Update=%s", (v3Update) => {
  const h = useEmulator({ v3Update });
  const existing: RelaySourceV3Config = {
    Vhost: VHOST,
    App: APP,
    GroupDetails: [
      ...MANUAL.GroupDetails,
      { Group: "g1", Servers: [{ RelaySourceDomain: "legacy.example.com", RelaySourceProtocol: "flv" }] },
    ],
  };

  it("create without adopt fails with ResourceConflictError naming adopt: true, and writes nothing", async () => {
    seed(h.emulator, [existing]);
    const up = h.command(RelayGroupV3Provider);
    const error = await rejectionOf(up.create(await checked(up, program())));
    expect(error).toBeInstanceOf(ResourceConflictError);
    expect(error.code).toBe("VOLC_LIVE_ERR_ALREADY_EXISTS");
    expect(error.message).toContain("adopt: true");
    expect(error.message).toContain(ID);
    expect(callsTo(h.emulator, "UpdateRelaySourceV3")).toBe(0);
    expect(callsTo(h.emulator, "DeleteRelaySourceV3")).toBe(0);
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([existing]);
  });

  it("create with adopt: true takes the group over and converges it; others survive", async () => {
    seed(h.emulator, [existing]);
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program({ adopt: true }));
    const created = await up.create(inputs);
    expect(created).toEqual({ id: ID, outs: { ...inputs, adopt: true } });
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V1 });
    const read = await h.command(RelayGroupV3Provider).read(ID, created.outs);
    const next = h.command(RelayGroupV3Provider);
    expect(await next.diff(ID, read.props as Inputs, await checked(next, program({ adopt: true }), inputs))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});

describe("drift", () => {
  const h = useEmulator({});

  it("an out-of-band edit shows in read and in the next diff, and update converges it", async () => {
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    const created = await up.create(inputs);
    setAccount(h.emulator, (account) => {
      const group = account.relaySourcesV3[0]?.GroupDetails[0];
      if (group === undefined) throw new Error("the group is missing");
      group.Servers = [
        { RelaySourceDomain: "rogue.example.com", RelaySourceProtocol: "flv", RelaySourceParams: { x: "y" } },
      ];
    });

    // refresh: the drift lands in the outputs and in the inputs, where the engine's own diff sees it
    const read = await h.command(RelayGroupV3Provider).read(ID, created.outs);
    const drifted = { ...inputs, servers: [{ protocol: "flv", domain: "rogue.example.com", params: { x: "y" } }] };
    expect(read).toEqual({ id: ID, props: drifted, inputs: drifted });

    // up: an update (never a replacement) converges it
    const next = h.command(RelayGroupV3Provider);
    const props = read.props as Inputs;
    const desired = await checked(next, program(), read.inputs);
    expect(await next.diff(ID, props, desired)).toEqual({ replaces: [], deleteBeforeReplace: false });
    await next.update(ID, props, desired);
    expect(groupsIn(h.emulator)).toEqual({ g1: API_V1 });
  });
});

describe.each([
  ["merge", "ok"],
  ["replace-all", "error"],
] as const)("faults with v3Update=%s, deleteMissing=%s", (v3Update, deleteMissing) => {
  const h = useEmulator({ v3Update, deleteMissing });

  const cases: Array<[string, string, FaultRule]> = [];
  for (const action of ["UpdateRelaySourceV3", "DeleteRelaySourceV3", "DescribeRelaySourceV3"]) {
    for (const fault of RETRYABLE_FAULTS) cases.push([action, fault.name, { action, ...fault.rule }]);
    if (action !== "DescribeRelaySourceV3") {
      for (const fault of APPLY_THEN_FAIL_FAULTS) cases.push([action, fault.name, { action, ...fault.rule }]);
    }
  }

  it.each(cases)("%s: %s → the final state is the desired one, no group lost", async (action, _name, rule) => {
    seed(h.emulator, [MANUAL]);
    const fired: Record<string, number> = {};
    const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      h.emulator.setFaults([rule]);
      const before = Object.values(h.emulator.faultsInjected()).reduce((sum, count) => sum + count, 0);
      try {
        return await run();
      } finally {
        h.emulator.setFaults([]);
        fired[name] = Object.values(h.emulator.faultsInjected()).reduce((sum, count) => sum + count, 0) - before;
      }
    };

    // up: create
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    const created = await step("create", () => up.create(inputs));
    expect(created.id).toBe(ID);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V1 });

    // up: update
    const change = h.command(RelayGroupV3Provider);
    const next = await checked(change, program({ servers: SERVERS_V2 }), inputs);
    const updated = await step("update", () => change.update(ID, created.outs, next));
    expect(updated.outs).toEqual(next);
    expect(groupsIn(h.emulator)).toEqual({ manual: MANUAL.GroupDetails[0]?.Servers, g1: API_V2 });

    // refresh
    const read = await step("read", () => h.command(RelayGroupV3Provider).read(ID, updated.outs));
    expect(read).toEqual({ id: ID, props: next, inputs: next });

    // destroy
    await step("delete", () => h.command(RelayGroupV3Provider).delete(ID, updated.outs));
    expect(accountOf(h.emulator).relaySourcesV3).toEqual([MANUAL]);

    // The fault really hit every step that calls the action.
    const steps =
      action === "UpdateRelaySourceV3"
        ? ["create", "update"]
        : action === "DeleteRelaySourceV3"
          ? ["delete"]
          : ["create", "update", "read"];
    for (const name of steps) expect([name, fired[name]]).toEqual([name, expect.any(Number)]);
    for (const name of steps) expect(fired[name]).toBeGreaterThan(0);
  });

  it("a refused update (400, nothing applied) fails with the API error and claims no partial change", async () => {
    const up = h.command(RelayGroupV3Provider);
    const inputs = await checked(up, program());
    const created = await up.create(inputs);
    const change = h.command(RelayGroupV3Provider);
    const next = await checked(change, program({ servers: SERVERS_V2 }), inputs);
    h.emulator.setFaults([{ action: "UpdateRelaySourceV3", kind: "error", status: 400, code: "InvalidParam" }]);
    const error = await rejectionOf(change.update(ID, created.outs, next));
    expect(error.code).toBe("VOLC_LIVE_ERR_API");
    expect(error.apiCode).toBe("InvalidParam");
    // A partial-failure error would make the engine record the desired servers as if they had been applied.
    expect(error.id).toBeUndefined();
    expect(groupsIn(h.emulator)).toEqual({ g1: API_V1 });
  });
});

describe("bad inputs", () => {
  const h = useEmulator({});
  const TOP_LEVEL = new Set(["vhost", "app", "group", "servers", "adopt"]);
  const server = { protocol: "rtmp", domain: "origin.example.com" };
  const { vhost: _vhost, ...withoutVhost } = program();

  const cases: Array<[string, Inputs, string, RegExp]> = [
    ["missing vhost", withoutVhost, "vhost", /string|required/],
    ["empty vhost", program({ vhost: "  " }), "vhost", /is required/],
    ["vhost charset", program({ vhost: "push example.com" }), "vhost", /letters, digits/],
    ["app charset", program({ app: "li/ve" }), "app", /letters, digits/],
    ["app length", program({ app: "a".repeat(31) }), "app", /at most 30 characters/],
    ["group empty", program({ group: "" }), "group", /is required/],
    ["group missing", program({ group: undefined }), "group", /string|required/],
    ["0 servers", program({ servers: [] }), "servers", /at least one server/],
    ["11 servers", program({ servers: Array.from({ length: 11 }, () => server) }), "servers", /at most 10 servers/],
    [
      "protocol enum",
      program({ servers: [{ ...server, protocol: "hls" }] }),
      "servers",
      /servers\[0\]\.protocol: must be rtmp or flv/,
    ],
    [
      "bad domain",
      program({ servers: [{ ...server, domain: "bad host!" }] }),
      "servers",
      /servers\[0\]\.domain: must be a host name/,
    ],
    [
      "bad port",
      program({ servers: [server, { ...server, domain: "origin.example.com:70000" }] }),
      "servers",
      /servers\[1\]\.domain: .*1-65535/,
    ],
    [
      "params with an empty key",
      program({ servers: [{ ...server, params: { "": "x" } }] }),
      "servers",
      /servers\[0\]\.params.*parameter names must not be empty/,
    ],
    ["adopt not a boolean", program({ adopt: "yes" }), "adopt", /true or false/],
    ["unknown extra input", program({ colour: "blue" }), "colour", /not an input of this resource/],
  ];

  it.each(cases)("%s → a failure naming the input, and no API call", async (name, news, property, reason) => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check({}, { ...news, __provider: "serialized" });
    const failures = result.failures ?? [];
    expect(failures.length).toBeGreaterThan(0);
    // Every failure names the real top-level input, and one of them states the rule.
    for (const failure of failures) expect(failure.property).toBe(property);
    expect(failures.map((failure) => failure.reason)).toContainEqual(expect.stringMatching(reason));
    expect(TOP_LEVEL.has(property) || name === "unknown extra input").toBe(true);
    expect(totalCalls(h.emulator)).toBe(0);
  });

  it("an empty group is reported as required, not as containing control characters", async () => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check({}, program({ group: "" }));
    expect(result.failures).toEqual([{ property: "group", reason: "is required" }]);
  });

  it("several broken rules yield one failure each", async () => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check({}, { vhost: "bad vhost", app: "x".repeat(31), group: "", servers: [] });
    expect([...new Set(result.failures?.map((failure) => failure.property))].sort()).toEqual([
      "app",
      "group",
      "servers",
      "vhost",
    ]);
    expect(totalCalls(h.emulator)).toBe(0);
  });

  it.each<[string, Inputs, { property: string; reason: string }]>([
    [
      "servers as one string (not also 'at most 10')",
      program({ servers: "rtmp://origin.example.com/live" }),
      { property: "servers", reason: "must be a list of servers (got a string)" },
    ],
    [
      "servers as one object",
      program({ servers: server }),
      { property: "servers", reason: "must be a list of servers (got an object)" },
    ],
    [
      "a server as a string",
      program({ servers: ["origin.example.com"] }),
      { property: "servers", reason: "servers[0]: must be an object { protocol, domain, params? } (got a string)" },
    ],
    [
      "params as a string",
      program({ servers: [{ ...server, params: "a=b" }] }),
      {
        property: "servers",
        reason: "servers[0].params: must be an object of parameter names and string values (got a string)",
      },
    ],
    [
      "a param value as a number",
      program({ servers: [{ ...server, params: { a: 1 } }] }),
      { property: "servers", reason: "servers[0].params.a: must be a string (got a number)" },
    ],
    ["vhost as a number", program({ vhost: 1 }), { property: "vhost", reason: "must be a string" }],
  ])("%s → exactly one failure naming the field and the rule", async (_name, news, failure) => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check({}, news);
    expect(result.failures).toEqual([failure]);
  });

  it("names the property a misspelt one was meant to be, nested ones too", async () => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check(
      {},
      program({ grup: "g1", servers: [{ protocol: "rtmp", domian: "o.example.com" }] }),
    );
    expect(result.failures).toEqual([
      { property: "servers", reason: "servers[0].domain: is required" },
      { property: "servers", reason: "servers[0].domian: is not a known property; did you mean `domain`?" },
      { property: "grup", reason: "is not an input of this resource; did you mean `group`?" },
    ]);
  });
});

describe("preview unknowns", () => {
  const h = useEmulator({});
  const cases: Array<[string, Inputs]> = [
    ["vhost", program({ vhost: UNKNOWN })],
    ["app", program({ app: UNKNOWN })],
    ["group", program({ group: UNKNOWN })],
    ["servers", program({ servers: UNKNOWN })],
    ["a server", program({ servers: [UNKNOWN] })],
    ["a protocol", program({ servers: [{ protocol: UNKNOWN, domain: "origin.example.com" }] })],
    ["a domain", program({ servers: [{ protocol: "rtmp", domain: UNKNOWN }] })],
    ["params", program({ servers: [{ protocol: "rtmp", domain: "origin.example.com", params: UNKNOWN }] })],
    [
      "a param value",
      program({ servers: [{ protocol: "rtmp", domain: "origin.example.com", params: { k: UNKNOWN } }] }),
    ],
    ["adopt", program({ adopt: UNKNOWN })],
  ];

  it.each(cases)("unknown %s passes check without failures", async (_name, news) => {
    const provider = h.command(RelayGroupV3Provider);
    const result = await provider.check({}, news);
    expect(result.failures).toBeUndefined();
    expect(JSON.stringify(result.inputs)).toContain(UNKNOWN);
    expect(totalCalls(h.emulator)).toBe(0);
  });

  it.each([["vhost"], ["app"], ["group"]] as const)("diff with an unknown %s lists it in replaces", async (key) => {
    const olds = await checked(h.command(RelayGroupV3Provider), program());
    const preview = h.command(RelayGroupV3Provider);
    const news = await checked(preview, program({ [key]: UNKNOWN }), olds);
    expect(await preview.diff(ID, olds, news)).toEqual({ replaces: [key], deleteBeforeReplace: false });
    expect(totalCalls(h.emulator)).toBe(0);
  });

  it("diff with unknown servers is an in-place update", async () => {
    const olds = await checked(h.command(RelayGroupV3Provider), program());
    for (const servers of [UNKNOWN, [{ protocol: "rtmp", domain: UNKNOWN }]]) {
      const preview = h.command(RelayGroupV3Provider);
      const news = await checked(preview, program({ servers }), olds);
      expect(await preview.diff(ID, olds, news)).toEqual({ replaces: [], deleteBeforeReplace: false });
    }
  });
});
