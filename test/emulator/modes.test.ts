import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as undiciRequest } from "undici";
import { z } from "zod";
import { type EmulatorOptions, type FaultRule, type RunningEmulator, startEmulator } from "../../emulator";
import { seededRandom } from "../../emulator/faults/seededRandom";
import { LiveClient } from "../../provider/client/LiveClient";
import { AmbiguousResultError } from "../../provider/errors/AmbiguousResultError";
import { ApiError } from "../../provider/errors/ApiError";
import { TransportError } from "../../provider/errors/TransportError";
import { signRequest } from "../../provider/signer/signRequest";
import { rejectionOf } from "../../scripts/lib/rejectionOf";

/** The emulator's modes, rate limit, fault injection and state file, each on its own emulator. */

interface Harness {
  emulator: RunningEmulator;
  client: LiveClient;
  call(action: string, body: object): Promise<unknown>;
  stop(): Promise<void>;
}

async function harness(options: EmulatorOptions): Promise<Harness> {
  const emulator = await startEmulator(options);
  const client = clientFor(emulator);
  return {
    emulator,
    client,
    call: (action, body) => client.call(action, body, { result: z.unknown() }),
    async stop() {
      await client.close();
      await emulator.stop();
    },
  };
}

function clientFor(emulator: RunningEmulator, credentials = emulator.credentials): LiveClient {
  return new LiveClient({
    endpoint: emulator.url,
    credentials,
    rateLimit: false,
    retry: { maxAttempts: 1 },
    env: {},
  });
}

/** Resolves to "ok" or to the error's code, so call patterns can be compared as arrays. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof ApiError ? String(error.apiCode) : error instanceof Error ? error.name : "?";
  }
}

const v3 = (group: string, host: string) => ({
  Vhost: "push.example.com",
  App: "live",
  GroupDetails: [{ Group: group, Servers: [{ RelaySourceDomain: host, RelaySourceProtocol: "rtmp" }] }],
});

const relay = (stream: string) => ({
  Domain: "play.example.com",
  App: "live",
  Stream: stream,
  SrcAddrS: [`rtmp://origin.example.com/live/${stream}`],
});

const relayKey = (stream: string) => ({ Domain: "play.example.com", App: "live", Stream: stream });

const callback = (url: string, extra: object = {}) => ({
  Vhost: "push.example.com",
  App: "live",
  MessageType: "push",
  CallbackDetailList: [{ CallbackType: "http", URL: url }],
  ...extra,
});

function groupsOf(result: unknown): string[] {
  return (
    result as { RelaySourceConfigList: Array<{ GroupDetails: Array<{ Group: string }> }> }
  ).RelaySourceConfigList.flatMap((config) => config.GroupDetails.map((group) => group.Group));
}

function streamsOf(result: unknown): string[] {
  return (result as { List: Array<{ Stream: string }> }).List.map((item) => item.Stream);
}

function callbacksOf(result: unknown): Array<Record<string, unknown>> {
  return (result as { CallbackList: Array<Record<string, unknown>> }).CallbackList;
}

describe("v3Update", () => {
  it('"merge" keeps the groups a second UpdateRelaySourceV3 does not name', async () => {
    const h = await harness({ rateLimit: 0, v3Update: "merge" });
    try {
      await h.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
      await h.call("UpdateRelaySourceV3", v3("g2", "b.example.com"));
      await h.call("UpdateRelaySourceV3", v3("g1", "c.example.com"));
      const result = await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com", App: "live" });
      expect(result).toEqual({
        RelaySourceConfigList: [
          {
            Vhost: "push.example.com",
            App: "live",
            GroupDetails: [
              {
                Group: "g1",
                Servers: [{ RelaySourceDomain: "c.example.com", RelaySourceProtocol: "rtmp", RelaySourceParams: {} }],
              },
              {
                Group: "g2",
                Servers: [{ RelaySourceDomain: "b.example.com", RelaySourceProtocol: "rtmp", RelaySourceParams: {} }],
              },
            ],
          },
        ],
      });
    } finally {
      await h.stop();
    }
  });

  it('"replace-all" drops the groups the second UpdateRelaySourceV3 does not name', async () => {
    const h = await harness({ rateLimit: 0, v3Update: "replace-all" });
    try {
      await h.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
      await h.call("UpdateRelaySourceV3", v3("g2", "b.example.com"));
      expect(groupsOf(await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com", App: "live" }))).toEqual([
        "g2",
      ]);
    } finally {
      await h.stop();
    }
  });
});

describe("deleteMissing", () => {
  const deletes: Array<[string, string, object]> = [
    ["an absent V3 config", "DeleteRelaySourceV3", { Vhost: "push.example.com", App: "none" }],
    [
      "an absent V3 group of an existing config",
      "DeleteRelaySourceV3",
      { Vhost: "push.example.com", App: "live", Group: "gX" },
    ],
    ["an absent V4 relay", "DeleteRelaySourceV4", relayKey("absent")],
    ["an absent callback", "DeleteCallback", { Vhost: "push.example.com", App: "live", MessageType: "record" }],
  ];

  describe('"ok"', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ rateLimit: 0, deleteMissing: "ok" });
      await h.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
    });
    afterAll(() => h.stop());

    it.each(deletes)("deleting %s succeeds and changes nothing", async (_what, action, body) => {
      const before = h.emulator.state();
      await expect(h.call(action, body)).resolves.toBeUndefined();
      expect(h.emulator.state()).toEqual(before);
      expect(h.emulator.requests().requests.at(-1)).toMatchObject({ action, status: 200, code: undefined });
    });
  });

  describe('"error"', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await harness({ rateLimit: 0, deleteMissing: "error" });
      await h.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
    });
    afterAll(() => h.stop());

    it.each(deletes)("deleting %s → HTTP 400 InvalidParam, nothing changes", async (_what, action, body) => {
      const before = h.emulator.state();
      const error = await rejectionOf(h.call(action, body));
      expect(error).toBeInstanceOf(ApiError);
      expect({ status: error.status, apiCode: error.apiCode }).toEqual({ status: 400, apiCode: "InvalidParam" });
      expect(error.message).toMatch(/does not exist/);
      expect(h.emulator.state()).toEqual(before);
    });

    it("deleting what exists still succeeds", async () => {
      await h.call("CreateRelaySourceV4", relay("present"));
      await expect(h.call("DeleteRelaySourceV4", relayKey("present"))).resolves.toBeUndefined();
      await expect(
        h.call("DeleteRelaySourceV3", { Vhost: "push.example.com", App: "live", Group: "g1" }),
      ).resolves.toBeUndefined();
      const account = h.emulator.state().accounts[h.emulator.credentials.accessKeyId];
      expect(account?.relaySourcesV4).toEqual([]);
      expect(account?.relaySourcesV3).toEqual([]);
    });
  });
});

describe("readAfterWriteDelayMs 300", () => {
  let h: Harness;
  // The emulator's clock, moved by the tests: the delay passes only when a test says so, however slow the machine.
  let clock: number;
  const waitPast = (ms: number) => void (clock += ms);
  beforeEach(async () => {
    clock = Date.now();
    h = await harness({ rateLimit: 0, readAfterWriteDelayMs: 300, now: () => clock });
  });
  afterEach(() => h.stop());

  it("a write shows in List/Describe only after the delay, but in state() at once", async () => {
    await h.call("CreateRelaySourceV4", relay("s1"));
    await h.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
    await h.call("UpdateCallback", callback("http://hooks.example.com/a"));

    const list = (await h.call("ListRelaySourceV4", { Domain: "play.example.com" })) as {
      List: unknown[];
      Pagination: { TotalCount: number };
    };
    expect(list.List).toEqual([]);
    expect(list.Pagination.TotalCount).toBe(0);
    expect(await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" })).toEqual({
      RelaySourceConfigList: [],
    });
    expect(await h.call("DescribeCallback", { Vhost: "push.example.com" })).toEqual({ CallbackList: [] });
    const account = h.emulator.state().accounts[h.emulator.credentials.accessKeyId];
    expect(account?.relaySourcesV4.map((item) => item.Stream)).toEqual(["s1"]);
    expect(account?.relaySourcesV3).toHaveLength(1);
    expect(account?.callbacks).toHaveLength(1);

    waitPast(400);
    expect(streamsOf(await h.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual(["s1"]);
    expect(groupsOf(await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" }))).toEqual(["g1"]);
    expect(callbacksOf(await h.call("DescribeCallback", { Vhost: "push.example.com" }))).toHaveLength(1);
  });

  it("a delete stays visible until the delay passes", async () => {
    await h.call("CreateRelaySourceV4", relay("s1"));
    await h.call("UpdateCallback", callback("http://hooks.example.com/a"));
    waitPast(400);
    await h.call("DeleteRelaySourceV4", relayKey("s1"));
    await h.call("DeleteCallback", { Vhost: "push.example.com", App: "live", MessageType: "push" });
    expect(streamsOf(await h.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual(["s1"]);
    expect(callbacksOf(await h.call("DescribeCallback", { Vhost: "push.example.com" }))).toHaveLength(1);
    expect(h.emulator.state().accounts[h.emulator.credentials.accessKeyId]?.relaySourcesV4).toEqual([]);
    waitPast(400);
    expect(streamsOf(await h.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual([]);
    expect(callbacksOf(await h.call("DescribeCallback", { Vhost: "push.example.com" }))).toEqual([]);
  });

  it("checks use committed state: a duplicate create is rejected at once, an update of the new relay accepted", async () => {
    await h.call("CreateRelaySourceV4", relay("s1"));
    const error = await rejectionOf(h.call("CreateRelaySourceV4", relay("s1")));
    expect(error).toBeInstanceOf(ApiError);
    expect({ status: error.status, apiCode: error.apiCode }).toEqual({ status: 400, apiCode: "InvalidParam" });
    expect(error.message).toMatch(/already exists/);
    await expect(
      h.call("UpdateRelaySourceV4", { ...relay("s1"), SrcAddrS: ["rtmp://other.example.com/live/s1"] }),
    ).resolves.toBeUndefined();
    expect(streamsOf(await h.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual([]);
    waitPast(400);
    const list = (await h.call("ListRelaySourceV4", { Domain: "play.example.com" })) as {
      List: Array<{ SrcAddrS: string[] }>;
    };
    expect(list.List.map((item) => item.SrcAddrS)).toEqual([["rtmp://other.example.com/live/s1"]]);
  });
});

describe("callbackAuthKey", () => {
  it('"masked": DescribeCallback never returns the stored key', async () => {
    const h = await harness({ rateLimit: 0, callbackAuthKey: "masked" });
    try {
      await h.call(
        "UpdateCallback",
        callback("http://hooks.example.com/a", { AuthEnable: true, AuthKeyPrimary: "s3cret-key" }),
      );
      const [item] = callbacksOf(await h.call("DescribeCallback", { Vhost: "push.example.com" }));
      expect(item?.AuthEnable).toBe(true);
      expect(item?.AuthKeyPrimary).toBe("******");
      expect(JSON.stringify(item)).not.toContain("s3cret-key");
      expect(h.emulator.state().accounts[h.emulator.credentials.accessKeyId]?.callbacks[0]?.AuthKeyPrimary).toBe(
        "s3cret-key",
      );
    } finally {
      await h.stop();
    }
  });

  it('"plain": DescribeCallback returns the stored key', async () => {
    const h = await harness({ rateLimit: 0, callbackAuthKey: "plain" });
    try {
      await h.call(
        "UpdateCallback",
        callback("http://hooks.example.com/a", { AuthEnable: true, AuthKeyPrimary: "s3cret-key" }),
      );
      const [item] = callbacksOf(await h.call("DescribeCallback", { Vhost: "push.example.com" }));
      expect(item?.AuthKeyPrimary).toBe("s3cret-key");
    } finally {
      await h.stop();
    }
  });
});

describe("rate limit", () => {
  const second = { accessKeyId: "AKLTsecondAccount", secretAccessKey: "second-account-secret" };

  it("10/s per account and action: 15 rapid calls → 10 succeed, 5 get 429 FlowLimitExceeded", async () => {
    // A stopped clock: all 15 calls arrive in the same instant however slow the machine is.
    let clock = Date.now();
    const h = await harness({
      rateLimit: 10,
      now: () => clock,
      credentials: [{ accessKeyId: "AKLTfirstAccount", secretAccessKey: "first-account-secret" }, second],
    });
    const other = clientFor(h.emulator, second);
    try {
      const results = await Promise.all(
        Array.from({ length: 15 }, () => outcome(h.call("DescribeCallback", { Vhost: "push.example.com" }))),
      );
      expect(results.filter((result) => result === "ok")).toHaveLength(10);
      expect(results.filter((result) => result === "FlowLimitExceeded")).toHaveLength(5);
      // In arrival order: the first 10 passed, the rest were throttled.
      const log = h.emulator.requests().requests.filter((entry) => entry.action === "DescribeCallback");
      expect(log.map((entry) => entry.status)).toEqual([...Array(10).fill(200), ...Array(5).fill(429)]);
      expect(log.slice(10).every((entry) => entry.code === "FlowLimitExceeded")).toBe(true);

      // The 429 as the client sees it, and in the service's envelope on the wire.
      const error = await rejectionOf(h.call("DescribeCallback", { Vhost: "push.example.com" }));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 429, apiCode: "FlowLimitExceeded", retryable: true });
      const raw = await rawCall(h.emulator, "DescribeCallback", '{"Vhost":"push.example.com"}');
      expect(raw.status).toBe(429);
      expect(raw.json).toEqual({
        ResponseMetadata: {
          RequestId: expect.any(String),
          Action: "DescribeCallback",
          Version: "2023-01-01",
          Service: "live",
          Region: "cn-north-1",
          Error: { Code: "FlowLimitExceeded", Message: expect.stringContaining("DescribeCallback") },
        },
      });

      // Another action, and another account, have their own budgets.
      await expect(h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" })).resolves.toEqual({
        RelaySourceConfigList: [],
      });
      await expect(
        other.call("DescribeCallback", { Vhost: "push.example.com" }, { result: z.unknown() }),
      ).resolves.toEqual({ CallbackList: [] });

      clock += 1000;
      await expect(h.call("DescribeCallback", { Vhost: "push.example.com" })).resolves.toEqual({ CallbackList: [] });
    } finally {
      await other.close();
      await h.stop();
    }
  });

  it("rateLimit 0 never answers 429", async () => {
    const h = await harness({ rateLimit: 0 });
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, () => outcome(h.call("DescribeCallback", { Vhost: "push.example.com" }))),
      );
      expect(results).toEqual(Array(40).fill("ok"));
      expect(h.emulator.requests().counters.DescribeCallback).toEqual({ requests: 40, errors: 0, byCode: {} });
    } finally {
      await h.stop();
    }
  });
});

describe("faults", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ rateLimit: 0 });
  });
  afterEach(() => h.stop());

  const describeCallback = () => h.call("DescribeCallback", { Vhost: "push.example.com" });

  it("error: HTTP 200 CommonErr → ApiError CommonErr with status 200", async () => {
    h.emulator.setFaults([{ action: "DescribeCallback", kind: "error", status: 200, code: "CommonErr" }]);
    const error = await rejectionOf(describeCallback());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ apiCode: "CommonErr", status: 200, action: "DescribeCallback" });
    // Other actions are untouched.
    await expect(h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" })).resolves.toBeDefined();
  });

  it("error envelopes: Live's codes carry Code and Message only, gateway codes their CodeN; a rule may choose", async () => {
    const codeNOf = async (rule: Omit<FaultRule, "kind">) => {
      h.emulator.setFaults([{ action: "DescribeCallback", kind: "error", ...rule }]);
      const error = (await rejectionOf(describeCallback())) as ApiError;
      return { apiCode: error.apiCode, apiCodeN: error.apiCodeN };
    };
    expect(await codeNOf({ status: 200, code: "CommonErr" })).toEqual({ apiCode: "CommonErr", apiCodeN: undefined });
    expect(await codeNOf({ status: 400, code: "InvalidParam" })).toEqual({
      apiCode: "InvalidParam",
      apiCodeN: undefined,
    });
    expect(await codeNOf({ status: 401, code: "SignatureDoesNotMatch" })).toEqual({
      apiCode: "SignatureDoesNotMatch",
      apiCodeN: 100010,
    });
    expect(await codeNOf({ status: 200, code: "CommonErr", codeN: 100001 })).toEqual({
      apiCode: "CommonErr",
      apiCodeN: 100001,
    });
    expect(await codeNOf({ status: 403, code: "AccessDenied", codeN: null })).toEqual({
      apiCode: "AccessDenied",
      apiCodeN: undefined,
    });
  });

  it("error: HTTP 503 ServiceUnavailableTemp, and the action does not run", async () => {
    h.emulator.setFaults([
      { action: "UpdateRelaySourceV3", kind: "error", status: 503, code: "ServiceUnavailableTemp" },
    ]);
    const error = await rejectionOf(h.call("UpdateRelaySourceV3", v3("g1", "a.example.com")));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ apiCode: "ServiceUnavailableTemp", status: 503 });
    expect(h.emulator.state().accounts).toEqual({});
    expect(h.emulator.requests().requests.at(-1)).toMatchObject({
      action: "UpdateRelaySourceV3",
      status: 503,
      code: "ServiceUnavailableTemp",
      faults: ["error"],
      applied: false,
    });
  });

  it("latency: the response takes at least latencyMs, and other actions are not delayed", async () => {
    h.emulator.setFaults([{ action: "DescribeCallback", kind: "latency", latencyMs: 250 }]);
    const started = performance.now();
    await expect(describeCallback()).resolves.toEqual({ CallbackList: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(249);
    await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" });
    const faultsOf = (action: string) =>
      h.emulator.requests().requests.find((entry) => entry.action === action)?.faults;
    expect(faultsOf("DescribeCallback")).toEqual(["latency"]);
    expect(faultsOf("DescribeRelaySourceV3")).toEqual([]);
  });

  it("drop: the client sees a connection reset and nothing is applied", async () => {
    h.emulator.setFaults([{ action: "UpdateRelaySourceV3", kind: "drop" }]);
    const error = await rejectionOf(h.call("UpdateRelaySourceV3", v3("g1", "a.example.com")));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.failure).toBe("connection-reset");
    expect(h.emulator.state().accounts).toEqual({});
    expect(h.emulator.requests().requests.at(-1)).toMatchObject({ faults: ["drop"], applied: false });
  });

  it.each(["error", "drop"] as const)(
    'apply-then-fail (then "%s") on CreateRelaySourceV4: the client sees AmbiguousResultError, the relay exists',
    async (then) => {
      h.emulator.setFaults([{ action: "CreateRelaySourceV4", kind: "apply-then-fail", then, status: 500 }]);
      const error = await rejectionOf(h.call("CreateRelaySourceV4", relay("s1")));
      expect(error).toBeInstanceOf(AmbiguousResultError);
      expect(error.cause).toBeInstanceOf(then === "error" ? ApiError : TransportError);
      const relays = h.emulator.state().accounts[h.emulator.credentials.accessKeyId]?.relaySourcesV4 ?? [];
      expect(relays.map((item) => item.Stream)).toEqual(["s1"]);
      expect(h.emulator.requests().requests.at(-1)).toMatchObject({
        action: "CreateRelaySourceV4",
        faults: ["apply-then-fail"],
        applied: true,
      });
      h.emulator.setFaults([]);
      expect(streamsOf(await h.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual(["s1"]);
    },
  );

  it("everyNth: only every Nth matching call fails", async () => {
    h.emulator.setFaults([
      { action: "DescribeCallback", kind: "error", status: 503, code: "ServiceUnavailableTemp", everyNth: 3 },
    ]);
    const results: string[] = [];
    for (let index = 0; index < 9; index++) {
      results.push(await outcome(describeCallback()));
      // Calls of other actions do not count towards N.
      await h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" });
    }
    const fail = "ServiceUnavailableTemp";
    expect(results).toEqual(["ok", "ok", fail, "ok", "ok", fail, "ok", "ok", fail]);
  });

  it("times: a rule fires at most N times", async () => {
    h.emulator.setFaults([
      { action: "DescribeCallback", kind: "error", status: 503, code: "ServiceUnavailableTemp", times: 2 },
    ]);
    const results: string[] = [];
    for (let index = 0; index < 5; index++) results.push(await outcome(describeCallback()));
    expect(results).toEqual(["ServiceUnavailableTemp", "ServiceUnavailableTemp", "ok", "ok", "ok"]);
    expect(h.emulator.faultsInjected()).toEqual({ error: 2 });
  });

  it("faultsInjected() counts by kind and the request log names the fired kinds", async () => {
    h.emulator.setFaults([
      { action: "DescribeCallback", kind: "latency", latencyMs: 1 },
      { action: "DescribeCallback", kind: "error", status: 503, code: "ServiceUnavailableTemp", times: 2 },
      { action: "DescribeRelaySourceV3", kind: "drop", times: 1 },
    ]);
    const results = [
      await outcome(describeCallback()),
      await outcome(describeCallback()),
      await outcome(describeCallback()),
      await outcome(h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" })),
      await outcome(h.call("DescribeRelaySourceV3", { Vhost: "push.example.com" })),
    ];
    expect(results).toEqual(["ServiceUnavailableTemp", "ServiceUnavailableTemp", "ok", "TransportError", "ok"]);
    expect(h.emulator.faultsInjected()).toEqual({ latency: 3, error: 2, drop: 1 });
    expect(h.emulator.requests().requests.map((entry) => entry.faults)).toEqual([
      ["latency", "error"],
      ["latency", "error"],
      ["latency"],
      ["drop"],
      [],
    ]);
  });

  it("probability under a fixed seed is deterministic; another seed gives another pattern", async () => {
    const rules: FaultRule[] = [
      { action: "DescribeCallback", kind: "error", status: 503, code: "ServiceUnavailableTemp", probability: 0.5 },
    ];
    async function pattern(seed: number): Promise<string> {
      const run = await harness({ rateLimit: 0, seed });
      try {
        run.emulator.setFaults(rules);
        let marks = "";
        for (let index = 0; index < 50; index++) {
          const result = await outcome(run.call("DescribeCallback", { Vhost: "push.example.com" }));
          marks += result === "ok" ? "." : "x";
        }
        return marks;
      } finally {
        await run.stop();
      }
    }
    const first = await pattern(1234);
    const again = await pattern(1234);
    const other = await pattern(98765);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    // The documented generator: one draw per matching call, a fault when the draw is below the probability.
    const random = seededRandom(1234);
    const expected = Array.from({ length: 50 }, () => (random() < 0.5 ? "x" : ".")).join("");
    expect(first).toBe(expected);
  });
});

describe("state file", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "volc-live-emulator-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("configs and the TaskId counter survive a restart; the file is valid JSON", async () => {
    const stateFile = join(directory, "state.json");
    const first = await harness({ rateLimit: 0, stateFile });
    let firstTaskIds: string[];
    let saved: ReturnType<RunningEmulator["state"]>;
    try {
      await first.call("UpdateRelaySourceV3", v3("g1", "a.example.com"));
      await first.call(
        "UpdateCallback",
        callback("http://hooks.example.com/a", { AuthEnable: true, AuthKeyPrimary: "k" }),
      );
      firstTaskIds = [
        ((await first.call("CreateRelaySourceV4", relay("s1"))) as { TaskId: string }).TaskId,
        ((await first.call("CreateRelaySourceV4", relay("s2"))) as { TaskId: string }).TaskId,
      ];
      saved = first.emulator.state();
    } finally {
      await first.stop();
    }

    const parsed = JSON.parse(readFileSync(stateFile, "utf8")) as unknown;
    expect(parsed).toEqual(saved);
    expect(parsed).toMatchObject({ version: 1, nextTaskId: 3 });

    const second = await harness({ rateLimit: 0, stateFile });
    try {
      expect(second.emulator.state()).toEqual(saved);
      expect(streamsOf(await second.call("ListRelaySourceV4", { Domain: "play.example.com" }))).toEqual(["s1", "s2"]);
      expect(groupsOf(await second.call("DescribeRelaySourceV3", { Vhost: "push.example.com" }))).toEqual(["g1"]);
      expect(callbacksOf(await second.call("DescribeCallback", { Vhost: "push.example.com" }))).toHaveLength(1);

      const third = ((await second.call("CreateRelaySourceV4", relay("s3"))) as { TaskId: string }).TaskId;
      expect(firstTaskIds).not.toContain(third);
      expect(Number(third)).toBe(Number(firstTaskIds[1]) + 1);
      const stored = second.emulator.state().accounts[second.emulator.credentials.accessKeyId]?.relaySourcesV4;
      expect(stored?.map((item) => item.TaskId)).toEqual([...firstTaskIds, third]);
      expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ nextTaskId: 4 });
    } finally {
      await second.stop();
    }
  });
});

interface RawResponse {
  status: number;
  json: unknown;
}

/** A correctly signed request sent outside the client, to look at the envelope on the wire. */
async function rawCall(emulator: RunningEmulator, action: string, bodyText: string): Promise<RawResponse> {
  const headers = signRequest(
    {
      method: "POST",
      path: "/",
      query: { Action: action, Version: "2023-01-01" },
      headers: { Host: new URL(emulator.url).host, "Content-Type": "application/json" },
      body: bodyText,
    },
    { credentials: emulator.credentials, region: "cn-north-1", service: "live", date: new Date() },
  );
  const response = await undiciRequest(`${emulator.url}/?Action=${action}&Version=2023-01-01`, {
    method: "POST",
    headers,
    body: bodyText,
  });
  return { status: response.statusCode, json: await response.body.json() };
}
