import { type RunningEmulator, startEmulator } from "../../emulator";
import type { RelaySourceV4Config, WorldState } from "../../emulator/world/WorldState";
import { deleteCallback, describeCallback, updateCallback } from "../../provider/api/callback";
import { listAllRelaySourcesV4 } from "../../provider/api/listAllRelaySourcesV4";
import { deleteRelaySourceV3, describeRelaySourceV3, updateRelaySourceV3 } from "../../provider/api/relaySourceV3";
import {
  createRelaySourceV4,
  deleteRelaySourceV4,
  listRelaySourceV4,
  updateRelaySourceV4,
} from "../../provider/api/relaySourceV4";
import { LiveClient } from "../../provider/client/LiveClient";
import type { LiveClientOptions } from "../../provider/client/LiveClientOptions";
import { AmbiguousResultError } from "../../provider/errors/AmbiguousResultError";
import { ApiError } from "../../provider/errors/ApiError";
import { rejectionOf } from "../../scripts/lib/rejectionOf";

/** The project's typed API against the emulator, through the default client machinery (signing, retries, limits). */

let emulator: RunningEmulator;
let client: LiveClient;

function clientFor(target: RunningEmulator, options: LiveClientOptions = {}): LiveClient {
  return new LiveClient({
    endpoint: target.url,
    credentials: target.credentials,
    // The default limiter scaled up, so the suite stays fast; retries keep their policy with short backoff.
    rateLimit: { requestsPerSecond: 200, burst: 20 },
    retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 50 },
    env: {},
    ...options,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  client = clientFor(emulator);
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

const account = () => emulator.state().accounts[emulator.credentials.accessKeyId];

describe("lifecycles through the typed functions", () => {
  it("play-triggered relay (V3): create, add a group, read, delete a group, delete the config", async () => {
    await updateRelaySourceV3(client, {
      Vhost: "push.example.com",
      App: "live",
      GroupDetails: [
        {
          Group: "g1",
          Servers: [
            {
              RelaySourceDomain: "origin.example.com:1935",
              RelaySourceProtocol: "rtmp",
              RelaySourceParams: { k: "v" },
            },
          ],
        },
      ],
    });
    await updateRelaySourceV3(client, {
      Vhost: "push.example.com",
      App: "live",
      GroupDetails: [{ Group: "g2", Servers: [{ RelaySourceDomain: "10.0.0.2", RelaySourceProtocol: "flv" }] }],
    });
    const described = await describeRelaySourceV3(client, { Vhost: "push.example.com", App: "live" });
    expect(described.RelaySourceConfigList).toEqual([
      {
        Vhost: "push.example.com",
        App: "live",
        GroupDetails: [
          {
            Group: "g1",
            Servers: [
              {
                RelaySourceDomain: "origin.example.com:1935",
                RelaySourceProtocol: "rtmp",
                RelaySourceParams: { k: "v" },
              },
            ],
          },
          {
            Group: "g2",
            // The typed reader fills an absent RelaySourceParams with {}.
            Servers: [{ RelaySourceDomain: "10.0.0.2", RelaySourceProtocol: "flv", RelaySourceParams: {} }],
          },
        ],
      },
    ]);

    await deleteRelaySourceV3(client, { Vhost: "push.example.com", App: "live", Group: "g1" });
    const afterGroup = await describeRelaySourceV3(client, { Vhost: "push.example.com", App: "live" });
    expect(afterGroup.RelaySourceConfigList.flatMap((config) => config.GroupDetails.map((g) => g.Group))).toEqual([
      "g2",
    ]);

    await deleteRelaySourceV3(client, { Vhost: "push.example.com", App: "live" });
    expect(await describeRelaySourceV3(client, { Vhost: "push.example.com" })).toEqual({ RelaySourceConfigList: [] });
    expect(account()?.relaySourcesV3).toEqual([]);
  });

  it("fixed relay (V4): create, list, update, delete", async () => {
    const { TaskId } = await createRelaySourceV4(client, {
      Domain: "play.example.com",
      App: "live",
      Stream: "s1",
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
      StartTime: 1_700_000_000,
      EndTime: 1_700_003_600,
    });
    expect(TaskId).toMatch(/^\d+$/);
    expect(account()?.relaySourcesV4[0]?.TaskId).toBe(TaskId);

    let page = await listRelaySourceV4(client, { Domain: "play.example.com" });
    expect(page).toEqual({
      List: [
        {
          Domain: "play.example.com",
          App: "live",
          Stream: "s1",
          SrcAddrS: ["rtmp://origin.example.com/live/s1"],
          StartTime: 1_700_000_000,
          EndTime: 1_700_003_600,
        },
      ],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 },
    });

    await updateRelaySourceV4(client, {
      Domain: "play.example.com",
      App: "live",
      Stream: "s1",
      SrcAddrS: ["rtmp://backup.example.com/live/s1", "https://backup.example.com/live/s1.m3u8"],
    });
    page = await listRelaySourceV4(client, { Domain: "play.example.com", Page: 1, Size: 500 });
    expect(page.List).toEqual([
      {
        Domain: "play.example.com",
        App: "live",
        Stream: "s1",
        SrcAddrS: ["rtmp://backup.example.com/live/s1", "https://backup.example.com/live/s1.m3u8"],
        StartTime: 0,
        EndTime: 0,
      },
    ]);

    await deleteRelaySourceV4(client, { Domain: "play.example.com", App: "live", Stream: "s1" });
    page = await listRelaySourceV4(client, { Domain: "play.example.com" });
    expect(page.List).toEqual([]);
    expect(page.Pagination?.TotalCount).toBe(0);
  });

  it("a listed permanent relay round-trips: written back as listed (times 0/0), it lists unchanged", async () => {
    await createRelaySourceV4(client, {
      Domain: "play.example.com",
      App: "live",
      Stream: "s1",
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
    });
    const [listed] = (await listRelaySourceV4(client, { Domain: "play.example.com" })).List;
    expect(listed).toMatchObject({ StartTime: 0, EndTime: 0 });

    await updateRelaySourceV4(client, listed!);
    expect((await listRelaySourceV4(client, { Domain: "play.example.com" })).List).toEqual([listed]);
  });

  it("callback: create, read, fully replace, delete", async () => {
    await updateCallback(client, {
      Vhost: "push.example.com",
      App: "live",
      MessageType: "push",
      CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/push" }],
      TranscodeCallback: 1,
      AuthEnable: true,
      AuthKeyPrimary: "callback-key",
    });
    let described = await describeCallback(client, { Vhost: "push.example.com", App: "live", MessageType: "push" });
    expect(described.CallbackList).toEqual([
      {
        Vhost: "push.example.com",
        App: "live",
        MessageType: "push",
        TranscodeCallback: 1,
        AuthEnable: true,
        AuthKeyPrimary: "callback-key",
        CreateTime: expect.stringMatching(/\+08:00$/),
        CreateTimeUTC: expect.stringMatching(/Z$/),
        CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/push" }],
      },
    ]);

    await updateCallback(client, {
      Vhost: "push.example.com",
      App: "live",
      MessageType: "push",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/v2" }],
    });
    described = await describeCallback(client, { Vhost: "push.example.com", App: "live" });
    expect(described.CallbackList).toHaveLength(1);
    expect(described.CallbackList[0]).toMatchObject({
      TranscodeCallback: 0,
      AuthEnable: false,
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/v2" }],
    });

    // A Domain-scoped config is addressed by Domain and reported under Vhost.
    await updateCallback(client, {
      Domain: "push-domain.example.com",
      MessageType: "push_end",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/end" }],
    });
    const byDomain = await describeCallback(client, { Domain: "push-domain.example.com" });
    expect(byDomain.CallbackList.map((item) => `${item.Vhost}/${item.App}/${item.MessageType}`)).toEqual([
      "push-domain.example.com//push_end",
    ]);

    await deleteCallback(client, { Vhost: "push.example.com", App: "live", MessageType: "push" });
    await deleteCallback(client, { Domain: "push-domain.example.com", MessageType: "push_end" });
    expect(await describeCallback(client, { Vhost: "push.example.com" })).toEqual({ CallbackList: [] });
    expect(await describeCallback(client, { Domain: "push-domain.example.com" })).toEqual({ CallbackList: [] });
    expect(account()?.callbacks).toEqual([]);
  });
});

describe("listAllRelaySourcesV4", () => {
  function relays(domain: string, count: number, firstTask: number): RelaySourceV4Config[] {
    return Array.from({ length: count }, (_, index) => ({
      Domain: domain,
      App: `app${index % 3}`,
      Stream: `stream-${index}`,
      SrcAddrS: [`rtmp://origin.example.com/live/stream-${index}`],
      StartTime: 0,
      EndTime: 0,
      TaskId: String(firstTask + index),
    }));
  }

  it("returns all 1,201 relays of the domain with 3 List calls", async () => {
    const state: WorldState = {
      version: 1,
      nextTaskId: 1_300,
      accounts: {
        [emulator.credentials.accessKeyId]: {
          relaySourcesV3: [],
          callbacks: [],
          relaySourcesV4: [...relays("play.example.com", 1_201, 1), ...relays("other.example.com", 50, 1_202)],
        },
      },
    };
    emulator.setState(state);
    emulator.clearRequests();

    const items = await listAllRelaySourcesV4(client, "play.example.com");
    expect(items).toHaveLength(1_201);
    expect(new Set(items.map((item) => `${item.App}/${item.Stream}`)).size).toBe(1_201);
    expect(items.every((item) => item.Domain === "play.example.com")).toBe(true);
    expect(items.map((item) => item.Stream).sort()).toEqual(
      Array.from({ length: 1_201 }, (_, index) => `stream-${index}`).sort(),
    );
    expect(emulator.requests().counters.ListRelaySourceV4).toEqual({ requests: 3, errors: 0, byCode: {} });
    expect(emulator.requests().requests.map((entry) => entry.status)).toEqual([200, 200, 200]);
  });
});

describe("retries against injected faults", () => {
  it.each([
    ["HTTP 503 ServiceUnavailableTemp", { kind: "error", status: 503, code: "ServiceUnavailableTemp" }],
    ["HTTP 200 CommonErr", { kind: "error", status: 200, code: "CommonErr" }],
    ["a dropped connection", { kind: "drop" }],
  ] as const)("an idempotent update recovers from %s", async (_name, fault) => {
    emulator.setFaults([{ action: "UpdateCallback", times: 2, ...fault }]);
    await updateCallback(client, {
      Vhost: "push.example.com",
      App: "live",
      MessageType: "push",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/push" }],
    });
    expect(account()?.callbacks.map((item) => item.MessageType)).toEqual(["push"]);
    expect(emulator.requests().counters.UpdateCallback?.requests).toBe(3);
    expect(emulator.faultsInjected()).toEqual({ [fault.kind]: 2 });
  });

  it("reads and deletes recover too", async () => {
    await createRelaySourceV4(client, {
      Domain: "play.example.com",
      App: "live",
      Stream: "s1",
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
    });
    emulator.setFaults([
      { action: "ListRelaySourceV4", kind: "error", status: 503, code: "ServiceUnavailableTemp", times: 1 },
      { action: "DeleteRelaySourceV4", kind: "drop", times: 1 },
      { action: "DescribeRelaySourceV3", kind: "error", status: 200, code: "CommonErr", times: 3 },
    ]);
    expect((await listRelaySourceV4(client, { Domain: "play.example.com" })).List).toHaveLength(1);
    await deleteRelaySourceV4(client, { Domain: "play.example.com", App: "live", Stream: "s1" });
    expect(account()?.relaySourcesV4).toEqual([]);
    expect(await describeRelaySourceV3(client, { Vhost: "push.example.com" })).toEqual({ RelaySourceConfigList: [] });
    const counters = emulator.requests().counters;
    expect(counters.ListRelaySourceV4?.requests).toBe(2);
    expect(counters.DeleteRelaySourceV4?.requests).toBe(2);
    expect(counters.DescribeRelaySourceV3).toEqual({ requests: 4, errors: 3, byCode: { CommonErr: 3 } });
  });

  it("a fault that outlasts the attempts surfaces as ApiError after maxAttempts", async () => {
    emulator.setFaults([{ action: "DescribeCallback", kind: "error", status: 503, code: "ServiceUnavailableTemp" }]);
    const error = await rejectionOf(describeCallback(client, { Vhost: "push.example.com" }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ apiCode: "ServiceUnavailableTemp", status: 503, attempts: 5 });
    expect(emulator.requests().counters.DescribeCallback?.requests).toBe(5);
  });

  it.each(["error", "drop"] as const)(
    'CreateRelaySourceV4 under apply-then-fail (then "%s") is not retried: AmbiguousResultError, and the relay exists',
    async (then) => {
      emulator.setFaults([{ action: "CreateRelaySourceV4", kind: "apply-then-fail", then, status: 500 }]);
      const error = await rejectionOf(
        createRelaySourceV4(client, {
          Domain: "play.example.com",
          App: "live",
          Stream: "s1",
          SrcAddrS: ["rtmp://origin.example.com/live/s1"],
        }),
      );
      expect(error).toBeInstanceOf(AmbiguousResultError);
      expect(error.action).toBe("CreateRelaySourceV4");
      expect(emulator.requests().counters.CreateRelaySourceV4?.requests).toBe(1);
      emulator.setFaults([]);
      const page = await listRelaySourceV4(client, { Domain: "play.example.com" });
      expect(page.List.map((item) => item.Stream)).toEqual(["s1"]);
    },
  );
});

describe("the emulator's rate limit", () => {
  it("429 FlowLimitExceeded is retried by a client whose own limit is off, until every call succeeds", async () => {
    const limited = await startEmulator({ rateLimit: 10 });
    const unthrottled = clientFor(limited, {
      rateLimit: false,
      retry: { maxAttempts: 12, baseDelayMs: 100, maxDelayMs: 800 },
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => describeCallback(unthrottled, { Vhost: "push.example.com" })),
      );
      expect(results).toEqual(Array(20).fill({ CallbackList: [] }));
      const counters = limited.requests().counters.DescribeCallback;
      const throttled = counters?.byCode.FlowLimitExceeded ?? 0;
      // 20 at once against a bucket of 10: some are throttled. How many depends on how fast a busy machine sends
      // them (the bucket refills on real time here), so only "some" is asserted.
      expect(throttled).toBeGreaterThanOrEqual(1);
      expect(counters).toEqual({
        requests: 20 + throttled,
        errors: throttled,
        byCode: { FlowLimitExceeded: throttled },
      });
    } finally {
      await unthrottled.close();
      await limited.stop();
    }
  });
});
