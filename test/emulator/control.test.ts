import { DEFAULT_CREDENTIALS } from "../../emulator/EmulatorOptions";
import { type RunningEmulator, startEmulator } from "../../emulator/startEmulator";
import type { WorldState } from "../../emulator/world/WorldState";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { type RawResponse, rawSignedRequest } from "../../scripts/lib/rawSignedRequest";

interface ControlResponse {
  status: number;
  contentType: string | null;
  json: unknown;
}

let emulator: RunningEmulator;

async function control(method: string, path: string, body?: unknown): Promise<ControlResponse> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type"), json: JSON.parse(text) };
}

function signed(action: string, body: unknown, target: RunningEmulator = emulator): Promise<RawResponse> {
  return rawSignedRequest({ url: target.url, credentials: target.credentials, action, body });
}

const AK = DEFAULT_CREDENTIALS.accessKeyId;
const RELAY = {
  Domain: "play.example.com",
  App: "live",
  Stream: "control-1",
  SrcAddrS: ["rtmp://origin.example.com/live/control-1"],
};

/** A world with one permanent fixed relay and one callback for the default account. */
function sampleWorld(): WorldState {
  return {
    version: 1,
    accounts: {
      [AK]: {
        relaySourcesV3: [
          {
            Vhost: "push.example.com",
            App: "live",
            GroupDetails: [
              { Group: "g1", Servers: [{ RelaySourceDomain: "origin.example.com", RelaySourceProtocol: "rtmp" }] },
            ],
          },
        ],
        relaySourcesV4: [
          {
            Domain: "play.example.com",
            App: "live",
            Stream: "seeded",
            SrcAddrS: ["rtmp://origin.example.com/live/seeded"],
            StartTime: 1735689600,
            EndTime: 1735776000,
            TaskId: "1612000000041",
          },
        ],
        callbacks: [],
      },
    },
    nextTaskId: 42,
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
});

describe("GET /_emulator/state", () => {
  it("dumps an empty world at first", async () => {
    const response = await control("GET", "/_emulator/state");
    expect(response).toEqual({
      status: 200,
      contentType: "application/json",
      json: { version: 1, accounts: {}, nextTaskId: 1 },
    });
  });

  it("shows what signed requests created, with the TaskId and counter", async () => {
    const created = await signed("CreateRelaySourceV4", RELAY);
    expect(created.status).toBe(200);
    const taskId = created.json?.Result?.TaskId;
    expect(taskId).toMatch(/^\d+$/);
    const response = await control("GET", "/_emulator/state");
    expect(response.json).toEqual({
      version: 1,
      accounts: {
        [AK]: {
          relaySourcesV3: [],
          relaySourcesV4: [{ ...RELAY, StartTime: 0, EndTime: 0, TaskId: taskId }],
          callbacks: [],
        },
      },
      nextTaskId: 2,
    });
  });
});

describe("PUT /_emulator/state", () => {
  it("replaces the world; signed reads see the new one at once", async () => {
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);
    const put = await control("PUT", "/_emulator/state", sampleWorld());
    expect(put).toEqual({ status: 200, contentType: "application/json", json: { ok: true } });
    expect((await control("GET", "/_emulator/state")).json).toEqual(sampleWorld());

    const listed = await signed("ListRelaySourceV4", { Domain: "play.example.com" });
    expect(listed.status).toBe(200);
    expect(listed.json?.Result).toEqual({
      List: [
        {
          Domain: "play.example.com",
          App: "live",
          Stream: "seeded",
          SrcAddrS: ["rtmp://origin.example.com/live/seeded"],
          StartTime: 1735689600,
          EndTime: 1735776000,
        },
      ],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 },
    });
    const described = await signed("DescribeRelaySourceV3", { Vhost: "push.example.com", App: "live" });
    // As stored, with each server's params listed ({} when it has none).
    const listedGroups = sampleWorld().accounts[AK]?.relaySourcesV3.map((config) => ({
      ...config,
      GroupDetails: config.GroupDetails.map((group) => ({
        ...group,
        Servers: group.Servers.map((server) => ({ ...server, RelaySourceParams: server.RelaySourceParams ?? {} })),
      })),
    }));
    expect(described.json?.Result).toEqual({ RelaySourceConfigList: listedGroups });

    // The TaskId counter comes from the new world too.
    const next = await signed("CreateRelaySourceV4", { ...RELAY, Stream: "after-put" });
    expect(next.status).toBe(200);
    expect(next.json?.Result?.TaskId).not.toBe("1612000000041");
    expect(emulator.state().nextTaskId).toBe(43);
  });

  it.each([
    ["a wrong version", { ...sampleWorld(), version: 2 }],
    [
      "a relay without TaskId",
      { version: 1, accounts: { [AK]: { relaySourcesV3: [], relaySourcesV4: [{}], callbacks: [] } }, nextTaskId: 1 },
    ],
    ["a zero TaskId counter", { ...sampleWorld(), nextTaskId: 0 }],
    ["an account without its lists", { version: 1, accounts: { [AK]: {} }, nextTaskId: 1 }],
    ["a JSON array", []],
    ["a body that is not JSON", "{not json"],
    ["no body at all", undefined],
  ])("rejects %s with 400 and leaves the world unchanged", async (_case, body) => {
    emulator.setState(sampleWorld());
    const response = await control("PUT", "/_emulator/state", body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: expect.stringMatching(/\S/) });
    expect((await control("GET", "/_emulator/state")).json).toEqual(sampleWorld());
    const listed = await signed("ListRelaySourceV4", { Domain: "play.example.com" });
    expect(listed.json?.Result?.Pagination).toEqual({ PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 });
  });
});

describe("POST /_emulator/reset", () => {
  it("empties the world, the request log and the fault rules", async () => {
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);
    emulator.setFaults([{ action: "DescribeCallback", kind: "error" }]);
    expect(await control("POST", "/_emulator/reset")).toEqual({
      status: 200,
      contentType: "application/json",
      json: { ok: true },
    });
    expect((await control("GET", "/_emulator/state")).json).toEqual({ version: 1, accounts: {}, nextTaskId: 1 });
    expect((await control("GET", "/_emulator/requests")).json).toEqual({ requests: [], counters: {} });
    expect((await control("GET", "/_emulator/faults")).json).toEqual({ rules: [], injected: {} });
    const described = await signed("DescribeCallback", { Vhost: "push.example.com" });
    expect(described.status).toBe(200);
  });
});

describe("/_emulator/requests", () => {
  it("logs each API call with its action, key fields, status and code, and counts per action", async () => {
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(400); // duplicate key
    const unsigned = await rawSignedRequest({
      url: emulator.url,
      authorization: null,
      action: "ListRelaySourceV4",
      body: { Domain: "play.example.com" },
    });
    expect(unsigned.status).toBe(401);

    const response = await control("GET", "/_emulator/requests");
    expect(response.status).toBe(200);
    const log = response.json as { requests: Array<Record<string, unknown>>; counters: unknown };
    expect(log.requests).toHaveLength(3);
    const keys = { Domain: "play.example.com", App: "live", Stream: "control-1" };
    expect(log.requests[0]).toEqual({
      seq: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      action: "CreateRelaySourceV4",
      accessKeyId: AK,
      keys,
      status: 200,
      durationMs: expect.any(Number),
      faults: [],
      applied: true,
    });
    expect(log.requests[1]).toMatchObject({
      action: "CreateRelaySourceV4",
      accessKeyId: AK,
      keys,
      status: 400,
      code: "InvalidParam",
      applied: false,
    });
    expect(log.requests[2]).toMatchObject({
      action: "ListRelaySourceV4",
      status: 401,
      code: "MissingAuthenticationToken",
    });
    expect(log.requests[2]?.accessKeyId).toBeUndefined();
    const seqs = log.requests.map((entry) => entry.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    expect(log.counters).toEqual({
      CreateRelaySourceV4: { requests: 2, errors: 1, byCode: { InvalidParam: 1 } },
      ListRelaySourceV4: { requests: 1, errors: 1, byCode: { MissingAuthenticationToken: 1 } },
    });
  });

  it("does not log control calls", async () => {
    await control("GET", "/_emulator/state");
    await control("GET", "/_emulator/faults");
    expect((await control("GET", "/_emulator/requests")).json).toEqual({ requests: [], counters: {} });
  });

  it("DELETE clears the log and counters but not the world", async () => {
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);
    expect(await control("DELETE", "/_emulator/requests")).toEqual({
      status: 200,
      contentType: "application/json",
      json: { ok: true },
    });
    expect((await control("GET", "/_emulator/requests")).json).toEqual({ requests: [], counters: {} });
    expect(emulator.state().accounts[AK]?.relaySourcesV4).toHaveLength(1);
    expect((await signed("ListRelaySourceV4", { Domain: "play.example.com" })).status).toBe(200);
    const after = (await control("GET", "/_emulator/requests")).json as { counters: unknown };
    expect(after.counters).toEqual({ ListRelaySourceV4: { requests: 1, errors: 0, byCode: {} } });
  });
});

describe("/_emulator/faults", () => {
  const rule = { action: "ListRelaySourceV4", kind: "error", status: 503, code: "ServiceUnavailableTemp", times: 1 };
  const resolved = { ...rule, message: "injected fault", probability: 1, latencyMs: 0, then: "error" };

  it("GET lists no rules at first", async () => {
    expect(await control("GET", "/_emulator/faults")).toEqual({
      status: 200,
      contentType: "application/json",
      json: { rules: [], injected: {} },
    });
  });

  it("PUT installs rules with defaults filled in; they fire on matching actions only; GET counts them", async () => {
    expect(await control("PUT", "/_emulator/faults", { rules: [rule] })).toEqual({
      status: 200,
      contentType: "application/json",
      json: { rules: [resolved] },
    });
    expect((await control("GET", "/_emulator/faults")).json).toEqual({ rules: [resolved], injected: {} });

    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);
    const failed = await signed("ListRelaySourceV4", { Domain: "play.example.com" });
    expect(failed.status).toBe(503);
    expect(failed.json?.ResponseMetadata?.Error).toEqual({ Code: "ServiceUnavailableTemp", Message: "injected fault" });
    expect(failed.json?.ResponseMetadata?.Action).toBe("ListRelaySourceV4");
    const retried = await signed("ListRelaySourceV4", { Domain: "play.example.com" });
    expect(retried.status).toBe(200);

    expect((await control("GET", "/_emulator/faults")).json).toEqual({ rules: [resolved], injected: { error: 1 } });
    const log = (await control("GET", "/_emulator/requests")).json as {
      requests: Array<{ action: string; status: number; faults: string[] }>;
    };
    expect(log.requests.map(({ action, status, faults }) => [action, status, faults])).toEqual([
      ["CreateRelaySourceV4", 200, []],
      ["ListRelaySourceV4", 503, ["error"]],
      ["ListRelaySourceV4", 200, []],
    ]);
  });

  it("PUT rejects invalid rules with 400 and keeps the old ones", async () => {
    await control("PUT", "/_emulator/faults", { rules: [rule] });
    for (const body of [{ rules: [{ kind: "explode" }] }, { rules: [{ kind: "error", status: 99 }] }, [rule], "{"]) {
      const response = await control("PUT", "/_emulator/faults", body);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: expect.stringMatching(/\S/) });
    }
    expect((await control("GET", "/_emulator/faults")).json).toEqual({ rules: [resolved], injected: {} });
  });

  it("DELETE clears the rules and the counts", async () => {
    await control("PUT", "/_emulator/faults", { rules: [{ kind: "error", code: "InternalError" }] });
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" })).status).toBe(500);
    expect(await control("DELETE", "/_emulator/faults")).toEqual({
      status: 200,
      contentType: "application/json",
      json: { ok: true },
    });
    expect((await control("GET", "/_emulator/faults")).json).toEqual({ rules: [], injected: {} });
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" })).status).toBe(200);
  });
});

describe("request bodies over 1 MiB", () => {
  const MIB = 1024 * 1024;
  /** A JSON object of exactly `bytes` bytes. */
  const bodyOf = (bytes: number, fields: object) => {
    const bare = JSON.stringify({ ...fields, Padding: "" });
    return { ...fields, Padding: "x".repeat(bytes - Buffer.byteLength(bare)) };
  };

  it("an API call of 1 MiB + 1 byte is refused with InvalidParam naming the limit, and changes nothing", async () => {
    const response = await signed("CreateRelaySourceV4", bodyOf(MIB + 1, RELAY));
    expect(response.status).toBe(400);
    expect(response.json?.ResponseMetadata?.Error).toEqual({
      Code: "InvalidParam",
      Message: "the body exceeds 1048576 bytes",
    });
    expect(emulator.state().accounts).toEqual({});
  });

  it("an API call of exactly 1 MiB is read whole", async () => {
    expect((await signed("CreateRelaySourceV4", bodyOf(MIB, RELAY))).status).toBe(200);
    expect(emulator.state().accounts[AK]?.relaySourcesV4).toHaveLength(1);
  });

  it("a control request over 1 MiB is answered 413, not parsed cut", async () => {
    const put = await control("PUT", "/_emulator/state", bodyOf(MIB + 1, sampleWorld()));
    expect(put).toEqual({
      status: 413,
      contentType: "application/json",
      json: { error: "the body exceeds 1048576 bytes" },
    });
  });
});

describe("unknown control endpoints", () => {
  it.each([
    ["GET", "/_emulator/nothing"],
    ["POST", "/_emulator/state"],
    ["GET", "/_emulator/reset"],
    ["PATCH", "/_emulator/faults"],
  ])("%s %s answers 404", async (method, path) => {
    const response = await control(method, path);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: `no control endpoint ${method} ${path}` });
  });
});

describe("the library API of startEmulator", () => {
  it("exposes a loopback url and the default credentials", () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(emulator.url).port)).toBeGreaterThan(0);
    expect(emulator.credentials).toEqual(DEFAULT_CREDENTIALS);
    expect(emulator.accounts).toEqual([DEFAULT_CREDENTIALS]);
  });

  it("uses the first given key pair as credentials", async () => {
    const pairs = [
      { accessKeyId: "AKLTfirstLibraryKey", secretAccessKey: "first-secret" },
      { accessKeyId: "AKLTsecondLibraryKey", secretAccessKey: "second-secret" },
    ];
    const other = await startEmulator({ rateLimit: 0, credentials: pairs });
    try {
      expect(other.credentials).toEqual(pairs[0]);
      expect(other.accounts).toEqual(pairs);
      expect((await signed("DescribeCallback", { Vhost: "push.example.com" }, other)).status).toBe(200);
      const withDefault = await rawSignedRequest({
        url: other.url,
        credentials: DEFAULT_CREDENTIALS,
        action: "DescribeCallback",
        body: { Vhost: "push.example.com" },
      });
      expect(withDefault.json?.ResponseMetadata?.Error?.Code).toBe("InvalidAccessKey");
    } finally {
      await other.stop();
    }
  });

  it("state() returns a copy; setState() replaces the world for signed reads", async () => {
    emulator.setState(sampleWorld());
    const copy = emulator.state();
    expect(copy).toEqual(sampleWorld());
    copy.accounts[AK]?.relaySourcesV4.splice(0);
    copy.nextTaskId = 999;
    expect(emulator.state()).toEqual(sampleWorld());
    const listed = await signed("ListRelaySourceV4", { Domain: "play.example.com" });
    expect(listed.json?.Result?.Pagination).toEqual({ PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 });

    // setState keeps no reference to the caller's object either.
    const mine = sampleWorld();
    emulator.setState(mine);
    mine.accounts[AK]?.relaySourcesV4.splice(0);
    expect(emulator.state()).toEqual(sampleWorld());
  });

  it("requests() and clearRequests() mirror the control API", async () => {
    await signed("DescribeCallback", { Vhost: "push.example.com", MessageType: "push" });
    const { requests, counters } = emulator.requests();
    expect(requests).toEqual([
      expect.objectContaining({
        action: "DescribeCallback",
        accessKeyId: AK,
        keys: { Vhost: "push.example.com", MessageType: "push" },
        status: 200,
        code: undefined,
        applied: false,
      }),
    ]);
    expect(counters).toEqual({ DescribeCallback: { requests: 1, errors: 0, byCode: {} } });
    emulator.clearRequests();
    expect(emulator.requests()).toEqual({ requests: [], counters: {} });
  });

  it("setFaults() resolves rules, faultsInjected() counts them, reset() clears world, log and faults", async () => {
    const rules = emulator.setFaults([
      { action: "DescribeCallback", kind: "error", status: 429, code: "FlowLimitExceeded" },
    ]);
    expect(rules).toEqual([
      {
        action: "DescribeCallback",
        kind: "error",
        status: 429,
        code: "FlowLimitExceeded",
        message: "injected fault",
        probability: 1,
        latencyMs: 0,
        then: "error",
      },
    ]);
    expect(emulator.faultsInjected()).toEqual({});
    const limited = await signed("DescribeCallback", { Vhost: "push.example.com" });
    expect(limited.status).toBe(429);
    expect(limited.json?.ResponseMetadata?.Error?.Code).toBe("FlowLimitExceeded");
    expect(emulator.faultsInjected()).toEqual({ error: 1 });
    expect((await signed("CreateRelaySourceV4", RELAY)).status).toBe(200);

    emulator.reset();
    expect(emulator.state()).toEqual({ version: 1, accounts: {}, nextTaskId: 1 });
    expect(emulator.requests()).toEqual({ requests: [], counters: {} });
    expect(emulator.faultsInjected()).toEqual({});
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" })).status).toBe(200);
  });

  it("setFaults([]) clears the rules", async () => {
    emulator.setFaults([{ kind: "error" }]);
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" })).status).toBe(500);
    expect(emulator.setFaults([])).toEqual([]);
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" })).status).toBe(200);
  });

  it("stop() closes the port", async () => {
    const other = await startEmulator({ rateLimit: 0 });
    expect((await signed("DescribeCallback", { Vhost: "push.example.com" }, other)).status).toBe(200);
    await other.stop();
    const error = await rejectionOf(signed("DescribeCallback", { Vhost: "push.example.com" }, other));
    expect(error.code).toBe("ECONNREFUSED");
  });

  it.each(["0.0.0.0", "192.0.2.10", "::", "example.com"])("refuses the non-loopback host %s", async (host) => {
    const error = await rejectionOf(startEmulator({ host }));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(`the emulator listens on loopback only (got host ${host})`);
  });
});
