import { request as undiciRequest } from "undici";
import { z } from "zod";
import { type RunningEmulator, startEmulator } from "../../emulator";
import type { WorldState } from "../../emulator/world/WorldState";
import { LiveClient } from "../../provider/client/LiveClient";
import { ApiError } from "../../provider/errors/ApiError";
import { signRequest } from "../../provider/signer/signRequest";
import { rejectionOf } from "../../scripts/lib/rejectionOf";

/** The ten actions against a real emulator: happy paths with the documented shapes, validation, paging. */

let emulator: RunningEmulator;
let client: LiveClient;
/** The emulator's and the client's clock: real time, unless a test stops it at an instant of its choosing. */
let stoppedAt: number | undefined;
const now = () => stoppedAt ?? Date.now();

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0, now });
  client = new LiveClient({
    endpoint: emulator.url,
    credentials: emulator.credentials,
    rateLimit: false,
    retry: { maxAttempts: 1 },
    env: {},
    now: () => new Date(now()),
  });
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  stoppedAt = undefined;
});

function call(action: string, body: object): Promise<unknown> {
  return client.call(action, body, { result: z.unknown() });
}

async function apiErrorOf(action: string, body: object): Promise<ApiError> {
  const error = await rejectionOf(call(action, body));
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

interface RawResponse {
  status: number;
  json: {
    ResponseMetadata: Record<string, unknown> & { Error?: { Code: string; Message: string; CodeN?: number } };
    Result?: unknown;
  };
}

/** A correctly signed request with an arbitrary body text (the client only ever sends JSON objects). */
async function rawCall(action: string, bodyText: string): Promise<RawResponse> {
  const host = new URL(emulator.url).host;
  const headers = signRequest(
    {
      method: "POST",
      path: "/",
      query: { Action: action, Version: "2023-01-01" },
      headers: { Host: host, "Content-Type": "application/json" },
      body: bodyText,
    },
    { credentials: emulator.credentials, region: "cn-north-1", service: "live", date: new Date() },
  );
  const response = await undiciRequest(`${emulator.url}/?Action=${action}&Version=2023-01-01`, {
    method: "POST",
    headers,
    body: bodyText,
  });
  return { status: response.statusCode, json: (await response.body.json()) as RawResponse["json"] };
}

const START = 1_700_000_000;
const SEVEN_DAYS = 7 * 24 * 3600;

const v3Body = {
  Vhost: "push.example.com",
  App: "live",
  GroupDetails: [
    {
      Group: "g1",
      Servers: [
        { RelaySourceDomain: "origin.example.com:1935", RelaySourceProtocol: "rtmp", RelaySourceParams: { k: "v" } },
        { RelaySourceDomain: "10.0.0.2", RelaySourceProtocol: "flv" },
      ],
    },
  ],
};

const v4Body = {
  Domain: "play.example.com",
  App: "live",
  Stream: "s1",
  SrcAddrS: ["rtmp://origin.example.com/live/s1", "http://origin.example.com/live/s1.flv"],
  StartTime: START,
  EndTime: START + 3600,
};

const callbackBody = {
  Vhost: "push.example.com",
  App: "live",
  MessageType: "push",
  CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/push" }],
};

function server(index: number) {
  return { RelaySourceDomain: `origin${index}.example.com`, RelaySourceProtocol: "rtmp" };
}

function withGroup(group: Record<string, unknown>) {
  return { ...v3Body, GroupDetails: [{ ...v3Body.GroupDetails[0], ...group }] };
}

function withServer(fields: Record<string, unknown>) {
  return withGroup({ Servers: [{ RelaySourceDomain: "origin.example.com", RelaySourceProtocol: "rtmp", ...fields }] });
}

function without<T extends object>(body: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...body };
  delete copy[key];
  return copy;
}

describe("happy paths", () => {
  it("UpdateRelaySourceV3 stores the groups and DescribeRelaySourceV3 returns the documented shape", async () => {
    await expect(call("UpdateRelaySourceV3", v3Body)).resolves.toBeUndefined();
    const result = await call("DescribeRelaySourceV3", { Vhost: "push.example.com" });
    expect(result).toEqual({
      RelaySourceConfigList: [
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
                // Written without params: listed with {} (every item field is present).
                { RelaySourceDomain: "10.0.0.2", RelaySourceProtocol: "flv", RelaySourceParams: {} },
              ],
            },
          ],
        },
      ],
    });
  });

  it("UpdateRelaySourceV3 and DeleteRelaySourceV3 answer with ResponseMetadata only", async () => {
    const update = await rawCall("UpdateRelaySourceV3", JSON.stringify(v3Body));
    expect(update.status).toBe(200);
    expect(Object.keys(update.json)).toEqual(["ResponseMetadata"]);
    expect(update.json.ResponseMetadata).toEqual({
      RequestId: expect.stringMatching(/^\d{14}[0-9A-F]{18}$/),
      Action: "UpdateRelaySourceV3",
      Version: "2023-01-01",
      Service: "live",
      Region: "cn-north-1",
    });
    const remove = await rawCall("DeleteRelaySourceV3", JSON.stringify({ Vhost: "push.example.com", App: "live" }));
    expect(remove.status).toBe(200);
    expect(Object.keys(remove.json)).toEqual(["ResponseMetadata"]);
    expect(remove.json.ResponseMetadata.Error).toBeUndefined();
  });

  it("DescribeRelaySourceV3 filters by Vhost, App and Group", async () => {
    await call("UpdateRelaySourceV3", v3Body);
    await call("UpdateRelaySourceV3", {
      Vhost: "push.example.com",
      App: "live",
      GroupDetails: [{ Group: "g2", Servers: [server(2)] }],
    });
    await call("UpdateRelaySourceV3", {
      Vhost: "push.example.com",
      App: "other",
      GroupDetails: [{ Group: "g1", Servers: [server(3)] }],
    });
    await call("UpdateRelaySourceV3", {
      Vhost: "push2.example.com",
      App: "live",
      GroupDetails: [{ Group: "g1", Servers: [server(4)] }],
    });

    const summary = (result: unknown) =>
      (
        result as { RelaySourceConfigList: Array<{ Vhost: string; App: string; GroupDetails: { Group: string }[] }> }
      ).RelaySourceConfigList.map((config) => ({
        Vhost: config.Vhost,
        App: config.App,
        Groups: config.GroupDetails.map((group) => group.Group),
      }));

    expect(summary(await call("DescribeRelaySourceV3", { Vhost: "push.example.com" }))).toEqual([
      { Vhost: "push.example.com", App: "live", Groups: ["g1", "g2"] },
      { Vhost: "push.example.com", App: "other", Groups: ["g1"] },
    ]);
    expect(summary(await call("DescribeRelaySourceV3", { Vhost: "push.example.com", App: "other" }))).toEqual([
      { Vhost: "push.example.com", App: "other", Groups: ["g1"] },
    ]);
    expect(
      summary(await call("DescribeRelaySourceV3", { Vhost: "push.example.com", App: "live", Group: "g2" })),
    ).toEqual([{ Vhost: "push.example.com", App: "live", Groups: ["g2"] }]);
    expect(summary(await call("DescribeRelaySourceV3", { Vhost: "push.example.com", Group: "g1" }))).toEqual([
      { Vhost: "push.example.com", App: "live", Groups: ["g1"] },
      { Vhost: "push.example.com", App: "other", Groups: ["g1"] },
    ]);
    expect(summary(await call("DescribeRelaySourceV3", { Vhost: "push3.example.com" }))).toEqual([]);
  });

  it("DeleteRelaySourceV3 removes one group, then the whole (Vhost, App) config", async () => {
    await call("UpdateRelaySourceV3", v3Body);
    await call("UpdateRelaySourceV3", {
      Vhost: "push.example.com",
      App: "live",
      GroupDetails: [{ Group: "g2", Servers: [server(2)] }],
    });
    await call("DeleteRelaySourceV3", { Vhost: "push.example.com", App: "live", Group: "g1" });
    expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.relaySourcesV3).toEqual([
      { Vhost: "push.example.com", App: "live", GroupDetails: [{ Group: "g2", Servers: [server(2)] }] },
    ]);
    await call("DeleteRelaySourceV3", { Vhost: "push.example.com", App: "live" });
    expect(await call("DescribeRelaySourceV3", { Vhost: "push.example.com" })).toEqual({ RelaySourceConfigList: [] });
  });

  it("CreateRelaySourceV4 returns a fresh TaskId string each time", async () => {
    const first = (await call("CreateRelaySourceV4", v4Body)) as { TaskId: unknown };
    const second = (await call("CreateRelaySourceV4", { ...v4Body, Stream: "s2" })) as { TaskId: unknown };
    expect(Object.keys(first)).toEqual(["TaskId"]);
    expect(first.TaskId).toEqual(expect.stringMatching(/^\d+$/));
    expect(second.TaskId).toEqual(expect.stringMatching(/^\d+$/));
    expect(second.TaskId).not.toBe(first.TaskId);
  });

  it("CreateRelaySourceV4 answers with Result{TaskId} in the documented envelope", async () => {
    const response = await rawCall("CreateRelaySourceV4", JSON.stringify(v4Body));
    expect(response.status).toBe(200);
    expect(response.json.ResponseMetadata.Action).toBe("CreateRelaySourceV4");
    expect(response.json.Result).toEqual({ TaskId: expect.stringMatching(/^\d+$/) });
  });

  it("ListRelaySourceV4 items carry Domain/App/Stream/SrcAddrS/StartTime/EndTime and no TaskId", async () => {
    await call("CreateRelaySourceV4", v4Body);
    await call("CreateRelaySourceV4", {
      Domain: "play.example.com",
      App: "live",
      Stream: "forever",
      SrcAddrS: ["srt://origin.example.com:9000"],
    });
    const result = await call("ListRelaySourceV4", { Domain: "play.example.com", Page: 1, Size: 20 });
    expect(result).toEqual({
      List: [
        {
          Domain: "play.example.com",
          App: "live",
          Stream: "s1",
          SrcAddrS: ["rtmp://origin.example.com/live/s1", "http://origin.example.com/live/s1.flv"],
          StartTime: START,
          EndTime: START + 3600,
        },
        {
          Domain: "play.example.com",
          App: "live",
          Stream: "forever",
          SrcAddrS: ["srt://origin.example.com:9000"],
          StartTime: 0,
          EndTime: 0,
        },
      ],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 2 },
    });
    const items = (result as { List: object[] }).List;
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(["App", "Domain", "EndTime", "SrcAddrS", "StartTime", "Stream"]);
    }
  });

  it("ListRelaySourceV4 defaults to Page 1, Size 20; an empty domain has PageTotal 0", async () => {
    await call("CreateRelaySourceV4", v4Body);
    const result = (await call("ListRelaySourceV4", { Domain: "play.example.com" })) as {
      List: unknown[];
      Pagination: unknown;
    };
    expect(result.List).toHaveLength(1);
    expect(result.Pagination).toEqual({ PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 });
    expect(await call("ListRelaySourceV4", { Domain: "empty.example.com" })).toEqual({
      List: [],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 0, TotalCount: 0 },
    });
  });

  it("UpdateRelaySourceV4 replaces the sources and window; omitting both times makes it permanent", async () => {
    await call("CreateRelaySourceV4", v4Body);
    await call("UpdateRelaySourceV4", {
      ...v4Body,
      SrcAddrS: ["rtmps://backup.example.com/live/s1"],
      StartTime: START + 100,
      EndTime: START + 200,
    });
    let list = (await call("ListRelaySourceV4", { Domain: "play.example.com" })) as { List: unknown[] };
    expect(list.List).toEqual([
      {
        Domain: "play.example.com",
        App: "live",
        Stream: "s1",
        SrcAddrS: ["rtmps://backup.example.com/live/s1"],
        StartTime: START + 100,
        EndTime: START + 200,
      },
    ]);
    await call("UpdateRelaySourceV4", {
      Domain: "play.example.com",
      App: "live",
      Stream: "s1",
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
    });
    list = (await call("ListRelaySourceV4", { Domain: "play.example.com" })) as { List: unknown[] };
    expect(list.List).toEqual([
      {
        Domain: "play.example.com",
        App: "live",
        Stream: "s1",
        SrcAddrS: ["rtmp://origin.example.com/live/s1"],
        StartTime: 0,
        EndTime: 0,
      },
    ]);
  });

  it("DeleteRelaySourceV4 removes exactly the named relay", async () => {
    await call("CreateRelaySourceV4", v4Body);
    await call("CreateRelaySourceV4", { ...v4Body, Stream: "s2" });
    await expect(
      call("DeleteRelaySourceV4", { Domain: "play.example.com", App: "live", Stream: "s1" }),
    ).resolves.toBeUndefined();
    const list = (await call("ListRelaySourceV4", { Domain: "play.example.com" })) as { List: { Stream: string }[] };
    expect(list.List.map((item) => item.Stream)).toEqual(["s2"]);
  });

  it("UpdateCallback stores the config and DescribeCallback returns the documented item (Vhost, no Domain)", async () => {
    stoppedAt = Date.parse("2026-03-01T20:30:05.678Z");
    await call("UpdateCallback", {
      ...callbackBody,
      TranscodeCallback: 1,
      AuthEnable: true,
      AuthKeyPrimary: "key-1",
    });
    const result = (await call("DescribeCallback", { Vhost: "push.example.com" })) as {
      CallbackList: Array<Record<string, unknown>>;
    };
    expect(result.CallbackList).toEqual([
      {
        Vhost: "push.example.com",
        App: "live",
        MessageType: "push",
        TranscodeCallback: 1,
        AuthEnable: true,
        AuthKeyPrimary: "key-1",
        // Whole seconds; in Beijing time it is already the next day.
        CreateTime: "2026-03-02T04:30:05+08:00",
        CreateTimeUTC: "2026-03-01T20:30:05Z",
        CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/push" }],
      },
    ]);
    expect(result.CallbackList[0]).not.toHaveProperty("Domain");
  });

  it("UpdateCallback fully replaces: a second update without AuthEnable turns auth off and drops the old URLs", async () => {
    await call("UpdateCallback", {
      ...callbackBody,
      TranscodeCallback: 1,
      AuthEnable: true,
      AuthKeyPrimary: "key-1",
      CallbackDetailList: [
        { CallbackType: "http", URL: "http://hooks.example.com/a" },
        { CallbackType: "http", URL: "https://hooks.example.com/b" },
      ],
    });
    await call("UpdateCallback", {
      ...callbackBody,
      CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/c" }],
    });
    const result = (await call("DescribeCallback", { Vhost: "push.example.com", App: "live" })) as {
      CallbackList: Array<Record<string, unknown>>;
    };
    expect(result.CallbackList).toHaveLength(1);
    expect(result.CallbackList[0]).toMatchObject({
      MessageType: "push",
      TranscodeCallback: 0,
      AuthEnable: false,
      AuthKeyPrimary: "",
      CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/c" }],
    });
  });

  it("DescribeCallback filters by Vhost or Domain, App and MessageType", async () => {
    await call("UpdateCallback", callbackBody);
    await call("UpdateCallback", {
      ...callbackBody,
      MessageType: "push_end",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/end" }],
    });
    await call("UpdateCallback", { ...callbackBody, App: "other" });
    await call("UpdateCallback", { ...callbackBody, App: undefined, MessageType: "record" });
    await call("UpdateCallback", { ...callbackBody, Vhost: "push2.example.com" });
    await call("UpdateCallback", {
      Domain: "push-domain.example.com",
      MessageType: "snapshot",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/snap" }],
    });

    const keys = (result: unknown) =>
      (result as { CallbackList: Array<{ Vhost: string; App: string; MessageType: string }> }).CallbackList.map(
        (item) => `${item.Vhost}/${item.App}/${item.MessageType}`,
      ).sort();

    expect(keys(await call("DescribeCallback", { Vhost: "push.example.com" }))).toEqual([
      "push.example.com//record",
      "push.example.com/live/push",
      "push.example.com/live/push_end",
      "push.example.com/other/push",
    ]);
    expect(keys(await call("DescribeCallback", { Vhost: "push.example.com", App: "live" }))).toEqual([
      "push.example.com/live/push",
      "push.example.com/live/push_end",
    ]);
    expect(keys(await call("DescribeCallback", { Vhost: "push.example.com", MessageType: "push" }))).toEqual([
      "push.example.com/live/push",
      "push.example.com/other/push",
    ]);
    expect(
      keys(await call("DescribeCallback", { Vhost: "push.example.com", App: "live", MessageType: "push_end" })),
    ).toEqual(["push.example.com/live/push_end"]);
    const byDomain = (await call("DescribeCallback", { Domain: "push-domain.example.com" })) as {
      CallbackList: Array<Record<string, unknown>>;
    };
    expect(keys(byDomain)).toEqual(["push-domain.example.com//snapshot"]);
    expect(byDomain.CallbackList[0]).not.toHaveProperty("Domain");
    expect(keys(await call("DescribeCallback", { Domain: "push-domain.example.com", MessageType: "push" }))).toEqual(
      [],
    );
  });

  it("DeleteCallback refuses both Vhost and Domain (as Update and Describe do) and deletes nothing", async () => {
    await call("UpdateCallback", callbackBody);
    const error = await apiErrorOf("DeleteCallback", {
      Vhost: "push.example.com",
      Domain: "push.example.com",
      App: "live",
      MessageType: "push",
    });
    expect({ status: error.status, apiCode: error.apiCode }).toEqual({ status: 400, apiCode: "InvalidParam" });
    expect(error.message).toMatch(/exactly one of Vhost and Domain/);
    const noApp = await apiErrorOf("DeleteCallback", { Domain: "push.example.com", App: "live", MessageType: "push" });
    expect(noApp.message).toMatch(/must not be passed together with Domain/);
    expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.callbacks).toHaveLength(1);
  });

  it("CreateRelaySourceV4 and UpdateRelaySourceV4 take StartTime 0 and EndTime 0, as listed, for a permanent relay", async () => {
    await expect(call("CreateRelaySourceV4", { ...v4Body, StartTime: 0, EndTime: 0 })).resolves.toMatchObject({
      TaskId: expect.any(String),
    });
    await call("UpdateRelaySourceV4", { ...v4Body, StartTime: START, EndTime: START + 60 });
    await expect(call("UpdateRelaySourceV4", { ...v4Body, StartTime: 0, EndTime: 0 })).resolves.toBeUndefined();
    const list = (await call("ListRelaySourceV4", { Domain: v4Body.Domain })) as { List: unknown[] };
    expect(list.List).toEqual([expect.objectContaining({ Stream: v4Body.Stream, StartTime: 0, EndTime: 0 })]);
  });

  describe("takes what the documentation allows, where it says nothing against it", () => {
    it('MessageType "" on DescribeCallback and DeleteCallback means every type, as leaving it out does', async () => {
      await call("UpdateCallback", callbackBody);
      await call("UpdateCallback", { ...callbackBody, MessageType: "push_end" });
      const listed = (await call("DescribeCallback", { Vhost: "push.example.com", App: "live", MessageType: "" })) as {
        CallbackList: Array<{ MessageType: string }>;
      };
      expect(listed.CallbackList.map((item) => item.MessageType).sort()).toEqual(["push", "push_end"]);
      await call("DeleteCallback", { Vhost: "push.example.com", App: "live", MessageType: "" });
      expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.callbacks).toEqual([]);
    });

    it("TranscodeCallback 1 on a MessageType other than push/push_end is stored (it only takes effect for those)", async () => {
      await call("UpdateCallback", { ...callbackBody, MessageType: "record", TranscodeCallback: 1 });
      const listed = (await call("DescribeCallback", { Vhost: "push.example.com", MessageType: "record" })) as {
        CallbackList: Array<{ TranscodeCallback: number }>;
      };
      expect(listed.CallbackList.map((item) => item.TranscodeCallback)).toEqual([1]);
    });

    it('CallbackType "HTTP", as the examples spell it, is stored as the documented "http"', async () => {
      await call("UpdateCallback", {
        ...callbackBody,
        CallbackDetailList: [{ CallbackType: "HTTP", URL: "http://hooks.example.com/push" }],
      });
      const listed = (await call("DescribeCallback", { Vhost: "push.example.com" })) as {
        CallbackList: Array<{ CallbackDetailList: unknown[] }>;
      };
      expect(listed.CallbackList[0]?.CallbackDetailList).toEqual([
        { CallbackType: "http", URL: "http://hooks.example.com/push" },
      ]);
    });

    it("StartTime and EndTime as numeric strings, as the CreateRelaySourceV4 example body sends them", async () => {
      await call("CreateRelaySourceV4", { ...v4Body, StartTime: String(START), EndTime: String(START + 60) });
      await call("UpdateRelaySourceV4", { ...v4Body, StartTime: String(START), EndTime: String(START + 120) });
      const list = (await call("ListRelaySourceV4", { Domain: v4Body.Domain })) as { List: unknown[] };
      expect(list.List).toEqual([expect.objectContaining({ StartTime: START, EndTime: START + 120 })]);
      // The window rules still apply to the numbers they stand for.
      const error = await apiErrorOf("UpdateRelaySourceV4", { ...v4Body, StartTime: String(START), EndTime: "1" });
      expect({ apiCode: error.apiCode, message: error.message }).toEqual({
        apiCode: "InvalidParam",
        message: expect.stringMatching(/EndTime/),
      });
    });

    it("null values in RelaySourceParams (the official model is map[string]*string) are taken as no parameter", async () => {
      await call("UpdateRelaySourceV3", withServer({ RelaySourceParams: { kept: "v", dropped: null } }));
      const described = (await call("DescribeRelaySourceV3", { Vhost: v3Body.Vhost, App: v3Body.App })) as {
        RelaySourceConfigList: Array<{ GroupDetails: Array<{ Servers: Array<{ RelaySourceParams: unknown }> }> }>;
      };
      expect(described.RelaySourceConfigList[0]?.GroupDetails[0]?.Servers[0]?.RelaySourceParams).toEqual({ kept: "v" });
    });
  });

  it("DeleteCallback removes only the config named by its key", async () => {
    await call("UpdateCallback", callbackBody);
    await call("UpdateCallback", { ...callbackBody, MessageType: "push_end" });
    await expect(
      call("DeleteCallback", { Vhost: "push.example.com", App: "live", MessageType: "push" }),
    ).resolves.toBeUndefined();
    const result = (await call("DescribeCallback", { Vhost: "push.example.com" })) as {
      CallbackList: Array<{ MessageType: string }>;
    };
    expect(result.CallbackList.map((item) => item.MessageType)).toEqual(["push_end"]);
  });

  it("accepts values exactly at the documented limits", async () => {
    const app30 = "a".repeat(30);
    const url100 = `http://hooks.example.com/${"x".repeat(100 - "http://hooks.example.com/".length)}`;
    expect(url100).toHaveLength(100);
    await call("UpdateRelaySourceV3", {
      Vhost: "v".repeat(60),
      App: app30,
      GroupDetails: [{ Group: "g", Servers: Array.from({ length: 10 }, (_, index) => server(index)) }],
    });
    await call("CreateRelaySourceV4", {
      Domain: "play.example.com",
      App: app30,
      Stream: "s".repeat(100),
      SrcAddrS: Array.from({ length: 10 }, (_, index) => `rtmp://origin${index}.example.com/live/s`),
      StartTime: START,
      EndTime: START + SEVEN_DAYS,
    });
    await call("UpdateCallback", {
      ...callbackBody,
      App: app30,
      CallbackDetailList: [{ CallbackType: "http", URL: url100 }],
    });
    const account = emulator.state().accounts[emulator.credentials.accessKeyId];
    expect(account?.relaySourcesV3[0]?.GroupDetails[0]?.Servers).toHaveLength(10);
    expect(account?.relaySourcesV4[0]?.SrcAddrS).toHaveLength(10);
    expect(account?.relaySourcesV4[0]?.EndTime).toBe(START + SEVEN_DAYS);
    expect(account?.callbacks[0]?.CallbackDetailList[0]?.URL).toBe(url100);
  });
});

describe("validation", () => {
  /** A populated world, so "changes nothing" is checked against real data. */
  beforeEach(async () => {
    await call("UpdateRelaySourceV3", v3Body);
    await call("CreateRelaySourceV4", v4Body);
    await call("UpdateCallback", { ...callbackBody, AuthEnable: true, AuthKeyPrimary: "key-1" });
  });

  type Case = [name: string, action: string, body: object, code: string, field: string];

  const cases: Case[] = [
    // UpdateRelaySourceV3
    ["V3 update without Vhost", "UpdateRelaySourceV3", without(v3Body, "Vhost"), "InvalidParam", "Vhost"],
    ["V3 update with an empty Vhost", "UpdateRelaySourceV3", { ...v3Body, Vhost: "" }, "InvalidParam", "Vhost"],
    [
      "V3 update with a 61-char Vhost",
      "UpdateRelaySourceV3",
      { ...v3Body, Vhost: "v".repeat(61) },
      "InvalidParam",
      "Vhost",
    ],
    [
      "V3 update with a bad Vhost charset",
      "UpdateRelaySourceV3",
      { ...v3Body, Vhost: "push example" },
      "InvalidParam",
      "Vhost",
    ],
    [
      "V3 update without GroupDetails",
      "UpdateRelaySourceV3",
      without(v3Body, "GroupDetails"),
      "InvalidParam",
      "GroupDetails",
    ],
    [
      "V3 update with no groups",
      "UpdateRelaySourceV3",
      { ...v3Body, GroupDetails: [] },
      "InvalidParam",
      "GroupDetails",
    ],
    ["V3 update without Group", "UpdateRelaySourceV3", withGroup({ Group: undefined }), "InvalidParam", "Group"],
    ["V3 update without Servers", "UpdateRelaySourceV3", withGroup({ Servers: undefined }), "InvalidParam", "Servers"],
    [
      "V3 update with 11 servers",
      "UpdateRelaySourceV3",
      withGroup({ Servers: Array.from({ length: 11 }, (_, i) => server(i)) }),
      "InvalidParam",
      "Servers",
    ],
    ["V3 update with a 31-char App", "UpdateRelaySourceV3", { ...v3Body, App: "a".repeat(31) }, "InvalidParam", "App"],
    ["V3 update with a bad App charset", "UpdateRelaySourceV3", { ...v3Body, App: "li/ve" }, "InvalidParam", "App"],
    [
      "V3 update without RelaySourceDomain",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceDomain: undefined }),
      "InvalidParam",
      "RelaySourceDomain",
    ],
    [
      "V3 update without RelaySourceProtocol",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceProtocol: undefined }),
      "InvalidParam",
      "RelaySourceProtocol",
    ],
    [
      "V3 update with protocol hls",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceProtocol: "hls" }),
      "InvalidParam",
      "RelaySourceProtocol",
    ],
    [
      "V3 update with port 99999",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceDomain: "origin.example.com:99999" }),
      "InvalidParam",
      "RelaySourceDomain",
    ],
    [
      "V3 update with port 0",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceDomain: "origin.example.com:0" }),
      "InvalidParam",
      "RelaySourceDomain",
    ],
    [
      "V3 update with a URL as host",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceDomain: "rtmp://origin.example.com" }),
      "InvalidParam",
      "RelaySourceDomain",
    ],
    [
      "V3 update with a non-numeric port",
      "UpdateRelaySourceV3",
      withServer({ RelaySourceDomain: "origin.example.com:rtmp" }),
      "InvalidParam",
      "RelaySourceDomain",
    ],
    [
      "V3 update with a Vhost number",
      "UpdateRelaySourceV3",
      { ...v3Body, Vhost: 42 },
      "InvalidParam.BindError",
      "Vhost",
    ],
    [
      "V3 update with a GroupDetails string",
      "UpdateRelaySourceV3",
      { ...v3Body, GroupDetails: "g1" },
      "InvalidParam.BindError",
      "GroupDetails",
    ],
    ["V3 update with an App number", "UpdateRelaySourceV3", { ...v3Body, App: 7 }, "InvalidParam.BindError", "App"],
    // DeleteRelaySourceV3 / DescribeRelaySourceV3
    ["V3 delete without Vhost", "DeleteRelaySourceV3", { App: "live" }, "InvalidParam", "Vhost"],
    ["V3 describe without Vhost", "DescribeRelaySourceV3", { App: "live" }, "InvalidParam", "Vhost"],
    ["V3 describe with a Vhost number", "DescribeRelaySourceV3", { Vhost: 42 }, "InvalidParam.BindError", "Vhost"],
    // CreateRelaySourceV4
    [
      "V4 create without Domain",
      "CreateRelaySourceV4",
      without({ ...v4Body, Stream: "n" }, "Domain"),
      "InvalidParam",
      "Domain",
    ],
    ["V4 create without App", "CreateRelaySourceV4", without({ ...v4Body, Stream: "n" }, "App"), "InvalidParam", "App"],
    ["V4 create without Stream", "CreateRelaySourceV4", without(v4Body, "Stream"), "InvalidParam", "Stream"],
    [
      "V4 create without SrcAddrS",
      "CreateRelaySourceV4",
      without({ ...v4Body, Stream: "n" }, "SrcAddrS"),
      "InvalidParam",
      "SrcAddrS",
    ],
    [
      "V4 create with no SrcAddrS",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", SrcAddrS: [] },
      "InvalidParam",
      "SrcAddrS",
    ],
    ["V4 create with a 31-char App", "CreateRelaySourceV4", { ...v4Body, App: "a".repeat(31) }, "InvalidParam", "App"],
    ["V4 create with a bad App charset", "CreateRelaySourceV4", { ...v4Body, App: "li ve" }, "InvalidParam", "App"],
    [
      "V4 create with a 101-char Stream",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "s".repeat(101) },
      "InvalidParam",
      "Stream",
    ],
    [
      "V4 create with a bad Stream charset",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "s/1" },
      "InvalidParam",
      "Stream",
    ],
    [
      "V4 create with 11 source addresses",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", SrcAddrS: Array.from({ length: 11 }, (_, i) => `rtmp://o${i}.example.com/live/s`) },
      "InvalidParam",
      "SrcAddrS",
    ],
    [
      "V4 create with an ftp source",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", SrcAddrS: ["ftp://origin.example.com/s"] },
      "InvalidParam",
      "SrcAddrS",
    ],
    [
      "V4 create with StartTime and no EndTime",
      "CreateRelaySourceV4",
      without({ ...v4Body, Stream: "n" }, "EndTime"),
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 create with EndTime and no StartTime",
      "CreateRelaySourceV4",
      without({ ...v4Body, Stream: "n" }, "StartTime"),
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 create with EndTime = StartTime",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", EndTime: START },
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 create with EndTime < StartTime",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", EndTime: START - 1 },
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 create spanning 7 days + 1 s",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", EndTime: START + SEVEN_DAYS + 1 },
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 create with a negative StartTime",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", StartTime: -1 },
      "InvalidParam",
      "StartTime",
    ],
    [
      "V4 create with StartTime as a string that is not a number",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", StartTime: "soon" },
      "InvalidParam.BindError",
      "StartTime",
    ],
    [
      "V4 create with EndTime as a boolean",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", EndTime: true },
      "InvalidParam.BindError",
      "EndTime",
    ],
    [
      "V4 create with StartTime as a negative numeric string",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", StartTime: "-1" },
      "InvalidParam.BindError",
      "StartTime",
    ],
    [
      "V4 create with SrcAddrS as a string",
      "CreateRelaySourceV4",
      { ...v4Body, Stream: "n", SrcAddrS: "rtmp://origin.example.com/live/s" },
      "InvalidParam.BindError",
      "SrcAddrS",
    ],
    [
      "V4 create duplicating an existing relay",
      "CreateRelaySourceV4",
      { ...v4Body, SrcAddrS: ["rtmp://other.example.com/live/s1"] },
      "InvalidParam",
      "play.example.com/live/s1",
    ],
    // UpdateRelaySourceV4 / DeleteRelaySourceV4
    [
      "V4 update of a missing config",
      "UpdateRelaySourceV4",
      { ...v4Body, Stream: "missing" },
      "InvalidParam",
      "play.example.com/live/missing",
    ],
    [
      "V4 update with EndTime < StartTime",
      "UpdateRelaySourceV4",
      { ...v4Body, EndTime: START - 1 },
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 update spanning 7 days + 1 s",
      "UpdateRelaySourceV4",
      { ...v4Body, EndTime: START + SEVEN_DAYS + 1 },
      "InvalidParam",
      "EndTime",
    ],
    [
      "V4 update with 11 source addresses",
      "UpdateRelaySourceV4",
      { ...v4Body, SrcAddrS: Array.from({ length: 11 }, (_, i) => `rtmp://o${i}.example.com/live/s`) },
      "InvalidParam",
      "SrcAddrS",
    ],
    [
      "V4 delete without Stream",
      "DeleteRelaySourceV4",
      { Domain: "play.example.com", App: "live" },
      "InvalidParam",
      "Stream",
    ],
    ["V4 delete without Domain", "DeleteRelaySourceV4", { App: "live", Stream: "s1" }, "InvalidParam", "Domain"],
    // ListRelaySourceV4
    ["V4 list without Domain", "ListRelaySourceV4", { Page: 1, Size: 20 }, "InvalidParam", "Domain"],
    [
      "V4 list with Size 0",
      "ListRelaySourceV4",
      { Domain: "play.example.com", Size: 0 },
      "InvalidParam.OutOfRange",
      "Size",
    ],
    [
      "V4 list with Size 501",
      "ListRelaySourceV4",
      { Domain: "play.example.com", Size: 501 },
      "InvalidParam.OutOfRange",
      "Size",
    ],
    [
      "V4 list with Page 0",
      "ListRelaySourceV4",
      { Domain: "play.example.com", Page: 0 },
      "InvalidParam.OutOfRange",
      "Page",
    ],
    [
      "V4 list with Size as a string",
      "ListRelaySourceV4",
      { Domain: "play.example.com", Size: "20" },
      "InvalidParam.BindError",
      "Size",
    ],
    ["V4 list with Domain as a number", "ListRelaySourceV4", { Domain: 1 }, "InvalidParam.BindError", "Domain"],
    // UpdateCallback
    [
      "callback update with Vhost and Domain",
      "UpdateCallback",
      { ...callbackBody, App: undefined, Domain: "push.example.com" },
      "InvalidParam",
      "Domain",
    ],
    [
      "callback update with neither Vhost nor Domain",
      "UpdateCallback",
      { ...callbackBody, Vhost: undefined, App: undefined },
      "InvalidParam",
      "Vhost",
    ],
    [
      "callback update with App and Domain",
      "UpdateCallback",
      { ...callbackBody, Vhost: undefined, Domain: "push.example.com" },
      "InvalidParam",
      "App",
    ],
    [
      "callback update with AuthEnable and no key",
      "UpdateCallback",
      { ...callbackBody, AuthEnable: true },
      "InvalidParam",
      "AuthKeyPrimary",
    ],
    [
      "callback update with AuthEnable and an empty key",
      "UpdateCallback",
      { ...callbackBody, AuthEnable: true, AuthKeyPrimary: "" },
      "InvalidParam",
      "AuthKeyPrimary",
    ],
    [
      "callback update with a 101-char URL",
      "UpdateCallback",
      {
        ...callbackBody,
        CallbackDetailList: [{ CallbackType: "http", URL: `http://hooks.example.com/${"x".repeat(76)}` }],
      },
      "InvalidParam",
      "URL",
    ],
    [
      "callback update with an ftp URL",
      "UpdateCallback",
      { ...callbackBody, CallbackDetailList: [{ CallbackType: "http", URL: "ftp://hooks.example.com/x" }] },
      "InvalidParam",
      "URL",
    ],
    [
      "callback update with a scheme-less URL",
      "UpdateCallback",
      { ...callbackBody, CallbackDetailList: [{ CallbackType: "http", URL: "hooks.example.com/x" }] },
      "InvalidParam",
      "URL",
    ],
    [
      "callback update with an empty URL",
      "UpdateCallback",
      { ...callbackBody, CallbackDetailList: [{ CallbackType: "http", URL: "" }] },
      "InvalidParam",
      "URL",
    ],
    [
      "callback update with CallbackType https",
      "UpdateCallback",
      { ...callbackBody, CallbackDetailList: [{ CallbackType: "https", URL: "https://hooks.example.com/x" }] },
      "InvalidParam",
      "CallbackType",
    ],
    [
      "callback update without CallbackDetailList",
      "UpdateCallback",
      without(callbackBody, "CallbackDetailList"),
      "InvalidParam",
      "CallbackDetailList",
    ],
    [
      "callback update with no callback URLs",
      "UpdateCallback",
      { ...callbackBody, CallbackDetailList: [] },
      "InvalidParam",
      "CallbackDetailList",
    ],
    [
      "callback update without MessageType",
      "UpdateCallback",
      without(callbackBody, "MessageType"),
      "InvalidParam",
      "MessageType",
    ],
    [
      "callback update with MessageType publish",
      "UpdateCallback",
      { ...callbackBody, MessageType: "publish" },
      "InvalidParam",
      "MessageType",
    ],
    [
      "callback update with TranscodeCallback 2",
      "UpdateCallback",
      { ...callbackBody, TranscodeCallback: 2 },
      "InvalidParam",
      "TranscodeCallback",
    ],
    [
      "callback update with a 31-char App",
      "UpdateCallback",
      { ...callbackBody, App: "a".repeat(31) },
      "InvalidParam",
      "App",
    ],
    [
      "callback update with AuthEnable as a string",
      "UpdateCallback",
      { ...callbackBody, AuthEnable: "true" },
      "InvalidParam.BindError",
      "AuthEnable",
    ],
    [
      "callback update with a Vhost number",
      "UpdateCallback",
      { ...callbackBody, Vhost: 42 },
      "InvalidParam.BindError",
      "Vhost",
    ],
    [
      "callback update with TranscodeCallback as a string",
      "UpdateCallback",
      { ...callbackBody, TranscodeCallback: "1" },
      "InvalidParam.BindError",
      "TranscodeCallback",
    ],
    // DescribeCallback / DeleteCallback
    [
      "callback describe with Vhost and Domain",
      "DescribeCallback",
      { Vhost: "push.example.com", Domain: "push.example.com" },
      "InvalidParam",
      "Domain",
    ],
    ["callback describe with neither", "DescribeCallback", { App: "live" }, "InvalidParam", "Vhost"],
    [
      "callback describe with App and Domain",
      "DescribeCallback",
      { Domain: "push.example.com", App: "live" },
      "InvalidParam",
      "App",
    ],
    [
      "callback describe with MessageType publish",
      "DescribeCallback",
      { Vhost: "push.example.com", MessageType: "publish" },
      "InvalidParam",
      "MessageType",
    ],
    ["callback describe with a Vhost number", "DescribeCallback", { Vhost: 42 }, "InvalidParam.BindError", "Vhost"],
    [
      "callback describe with MessageType as a number",
      "DescribeCallback",
      { Vhost: "push.example.com", MessageType: 1 },
      "InvalidParam.BindError",
      "MessageType",
    ],
    [
      "callback delete with MessageType publish",
      "DeleteCallback",
      { Vhost: "push.example.com", MessageType: "publish" },
      "InvalidParam",
      "MessageType",
    ],
    // Any action: a body that is JSON but not an object
    ["a JSON array body", "ListRelaySourceV4", [], "InvalidParam.BindError", "JSON object"],
  ];

  it.each(cases.map(([name, action, body, code, field]) => ({ name, action, body, code, field })))(
    "$name → HTTP 400 $code naming $field; nothing changes",
    async ({ action, body, code, field }) => {
      const before = emulator.state();
      const error = await apiErrorOf(action, body);
      expect({ status: error.status, apiCode: error.apiCode }).toEqual({ status: 400, apiCode: code });
      expect(error.message).toContain(field);
      expect(emulator.state()).toEqual(before);
    },
  );

  it.each([
    ["CreateRelaySourceV4", "{not json"],
    ["UpdateCallback", "Vhost=push.example.com"],
    ["DescribeRelaySourceV3", '{"Vhost":"push.example.com"'],
  ])("%s with a non-JSON body → HTTP 400 InvalidParam.BindError in the error envelope", async (action, text) => {
    const before = emulator.state();
    const response = await rawCall(action, text);
    expect(response.status).toBe(400);
    expect(response.json.ResponseMetadata).toMatchObject({
      Action: action,
      Version: "2023-01-01",
      Error: { Code: "InvalidParam.BindError", Message: expect.stringContaining("JSON") },
    });
    expect(response.json.Result).toBeUndefined();
    expect(emulator.state()).toEqual(before);
  });

  it("the duplicate CreateRelaySourceV4 leaves the original relay as it was", async () => {
    const before = emulator.state();
    const error = await apiErrorOf("CreateRelaySourceV4", { ...v4Body, SrcAddrS: ["rtmp://other.example.com/x/y"] });
    expect(error.apiCode).toBe("InvalidParam");
    expect(error.message).toMatch(/already exists/);
    const after = emulator.state();
    expect(after).toEqual(before);
    expect(after.accounts[emulator.credentials.accessKeyId]?.relaySourcesV4[0]?.SrcAddrS).toEqual(v4Body.SrcAddrS);
  });
});

describe("ListRelaySourceV4 paging", () => {
  it("walks 45 relays with Size 20: 20, 20, 5, 0 items, each once; other domains excluded", async () => {
    for (let index = 0; index < 45; index++) {
      await call("CreateRelaySourceV4", {
        Domain: "play.example.com",
        App: index % 2 === 0 ? "live" : "sports",
        Stream: `stream-${String(index).padStart(2, "0")}`,
        SrcAddrS: [`rtmp://origin.example.com/live/stream-${index}`],
      });
      if (index < 7) {
        await call("CreateRelaySourceV4", {
          Domain: "other.example.com",
          App: "live",
          Stream: `stream-${String(index).padStart(2, "0")}`,
          SrcAddrS: ["rtmp://origin.example.com/live/x"],
        });
      }
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    for (const page of [1, 2, 3, 4]) {
      const result = (await call("ListRelaySourceV4", { Domain: "play.example.com", Page: page, Size: 20 })) as {
        List: Array<{ Domain: string; App: string; Stream: string }>;
        Pagination: unknown;
      };
      expect(result.Pagination).toEqual({ PageCur: page, PageSize: 20, PageTotal: 3, TotalCount: 45 });
      sizes.push(result.List.length);
      for (const item of result.List) {
        expect(item.Domain).toBe("play.example.com");
        seen.push(`${item.App}/${item.Stream}`);
      }
    }
    expect(sizes).toEqual([20, 20, 5, 0]);
    expect(new Set(seen).size).toBe(45);
    const expected = Array.from(
      { length: 45 },
      (_, index) => `${index % 2 === 0 ? "live" : "sports"}/stream-${String(index).padStart(2, "0")}`,
    );
    expect([...seen].sort()).toEqual([...expected].sort());

    const other = (await call("ListRelaySourceV4", { Domain: "other.example.com", Size: 500 })) as {
      List: unknown[];
      Pagination: unknown;
    };
    expect(other.List).toHaveLength(7);
    expect(other.Pagination).toEqual({ PageCur: 1, PageSize: 500, PageTotal: 1, TotalCount: 7 });
  });

  it("lists another account's relays separately", async () => {
    const state: WorldState = {
      version: 1,
      nextTaskId: 3,
      accounts: {
        AKLTsomeoneElse: {
          relaySourcesV3: [],
          callbacks: [],
          relaySourcesV4: [
            {
              Domain: "play.example.com",
              App: "live",
              Stream: "theirs",
              SrcAddrS: ["rtmp://o.example.com/a/b"],
              StartTime: 0,
              EndTime: 0,
              TaskId: "1",
            },
          ],
        },
      },
    };
    emulator.setState(state);
    await call("CreateRelaySourceV4", { ...v4Body, Stream: "mine" });
    const result = (await call("ListRelaySourceV4", { Domain: "play.example.com" })) as {
      List: Array<{ Stream: string }>;
    };
    expect(result.List.map((item) => item.Stream)).toEqual(["mine"]);
  });
});
