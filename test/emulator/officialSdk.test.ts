import Service from "@volcengine/openapi/lib/base/service";
import { z } from "zod";
import { type RunningEmulator, startEmulator } from "../../emulator";

/**
 * The ten actions sent by the official Node SDK (`@volcengine/openapi`), which builds, signs and sends every request
 * itself, and every answer held to the response models of the official Go SDK: volcengine/volc-sdk-golang,
 * `service/live/v20230101/model.go` (commit 02b474b9). The live service has no relay or callback methods in the Node
 * SDK, so the requests go through its generic `Service.createAPI`, the way its own services are built.
 */

// Go types as JSON: string → string, int32 → integer in int32 range, bool → boolean, map[string]string → object of
// strings, slice → array; a pointer or `omitempty` field is optional; a field the struct lacks is refused.
const int32 = z.int32();

/** `<Action>ResResponseMetadata`: five REQUIRED strings; its optional `Error` marks a failure, so a success has none. */
const responseMetadata = z.strictObject({
  RequestId: z.string(),
  Action: z.string(),
  Version: z.string(),
  Service: z.string(),
  Region: z.string(),
});

/** UpdateRelaySourceV3Res, DeleteRelaySourceV3Res: the metadata alone, the structs have no `Result`. */
const metadataOnly = z.strictObject({ ResponseMetadata: responseMetadata });

/** UpdateRelaySourceV4Res, DeleteRelaySourceV4Res, UpdateCallbackRes, DeleteCallbackRes: `Result interface{}`, omitempty. */
const untypedResult = z.strictObject({ ResponseMetadata: responseMetadata, Result: z.unknown().optional() });

function typedResult<T extends z.ZodType>(result: T) {
  // `Result *<Action>ResResult` with omitempty.
  return z.strictObject({ ResponseMetadata: responseMetadata, Result: result.optional() });
}

/** DescribeRelaySourceV3ResResult and its RelaySourceConfigListItem, …PropertiesItemsItem, …ServersItem. */
const describeRelaySourceV3Result = z.strictObject({
  RelaySourceConfigList: z
    .array(
      z.strictObject({
        App: z.string(),
        GroupDetails: z.array(
          z.strictObject({
            Group: z.string(),
            Servers: z.array(
              z.strictObject({
                RelaySourceDomain: z.string(),
                RelaySourceParams: z.record(z.string(), z.string()),
                RelaySourceProtocol: z.string(),
              }),
            ),
          }),
        ),
        Vhost: z.string(),
      }),
    )
    .optional(),
});

/** CreateRelaySourceV4ResResult: `TaskID string \`json:"TaskId"\``. */
const createRelaySourceV4Result = z.strictObject({ TaskId: z.string() });

/** ListRelaySourceV4ResResult with its ListItem and Pagination (all REQUIRED). */
const listRelaySourceV4Result = z.strictObject({
  List: z.array(
    z.strictObject({
      App: z.string(),
      Domain: z.string(),
      EndTime: int32,
      SrcAddrS: z.array(z.string()),
      StartTime: int32,
      Stream: z.string(),
    }),
  ),
  Pagination: z.strictObject({ PageCur: int32, PageSize: int32, PageTotal: int32, TotalCount: int32 }),
});

/** DescribeCallbackResResult, its CallbackListItem and CallbackListPropertiesItemsItem. */
const describeCallbackResult = z.strictObject({
  CallbackList: z
    .array(
      z.strictObject({
        App: z.string(),
        AuthEnable: z.boolean(),
        AuthKeyPrimary: z.string(),
        CreateTime: z.string(),
        CreateTimeUTC: z.string(),
        MessageType: z.string(),
        TranscodeCallback: int32,
        Vhost: z.string(),
        CallbackDetailList: z.array(z.strictObject({ CallbackType: z.string(), URL: z.string() })).optional(),
      }),
    )
    .optional(),
});

const responseModels = {
  UpdateRelaySourceV3: metadataOnly,
  DescribeRelaySourceV3: typedResult(describeRelaySourceV3Result),
  DeleteRelaySourceV3: metadataOnly,
  CreateRelaySourceV4: typedResult(createRelaySourceV4Result),
  UpdateRelaySourceV4: untypedResult,
  ListRelaySourceV4: typedResult(listRelaySourceV4Result),
  DeleteRelaySourceV4: untypedResult,
  UpdateCallback: untypedResult,
  DescribeCallback: typedResult(describeCallbackResult),
  DeleteCallback: untypedResult,
} as const;
type Action = keyof typeof responseModels;

/** A failure: `Error` with the `Code` and `Message` of `<Action>ResResponseMetadataError`. */
const failure = z.strictObject({
  ResponseMetadata: responseMetadata.extend({
    Error: z.object({ Code: z.string(), Message: z.string(), CodeN: int32.optional() }),
  }),
});

const REGION = "cn-north-1";

let emulator: RunningEmulator;
let live: Service;

/** The SDK's generic service, pointed at the emulator with its access key and the given secret. */
function officialClient(secretKey: string): Service {
  const { host, protocol } = new URL(emulator.url);
  return new Service({
    host,
    protocol,
    region: REGION,
    serviceName: "live",
    accessKeyId: emulator.credentials.accessKeyId,
    secretKey,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  live = officialClient(emulator.credentials.secretAccessKey);
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

function send(action: string, body: object, client: Service = live): Promise<unknown> {
  return client.createAPI(action, { method: "POST", contentType: "json", Version: "2023-01-01" })(body);
}

/** The answer to a request that must succeed, checked against the action's model and metadata echo. */
async function answer<A extends Action>(action: A, body: object): Promise<z.infer<(typeof responseModels)[A]>> {
  const parsed = responseModels[action].parse(await send(action, body)) as z.infer<(typeof responseModels)[A]>;
  expect(parsed.ResponseMetadata).toEqual({
    RequestId: expect.stringMatching(/\S/),
    Action: action,
    Version: "2023-01-01",
    Service: "live",
    Region: REGION,
  });
  return parsed;
}

/** The result a read must carry. */
async function resultOf<
  A extends "DescribeRelaySourceV3" | "CreateRelaySourceV4" | "ListRelaySourceV4" | "DescribeCallback",
>(action: A, body: object): Promise<NonNullable<z.infer<(typeof responseModels)[A]>["Result"]>> {
  const { Result } = await answer(action, body);
  expect(Result).toBeDefined();
  return Result as NonNullable<z.infer<(typeof responseModels)[A]>["Result"]>;
}

async function errorCodeOf(action: Action, body: object): Promise<string> {
  return failure.parse(await send(action, body)).ResponseMetadata.Error.Code;
}

async function errorOf(action: Action, body: object, client: Service = live) {
  return failure.parse(await send(action, body, client)).ResponseMetadata.Error;
}

const VHOST = "push.example.com";
const PULL_DOMAIN = "play.example.com";
const START = Math.floor(Date.now() / 1000);

async function relayConfigs(body: { Vhost: string; App?: string; Group?: string }) {
  return (await resultOf("DescribeRelaySourceV3", body)).RelaySourceConfigList ?? [];
}

async function callbacks(body: { Vhost?: string; Domain?: string; App?: string; MessageType?: string }) {
  return (await resultOf("DescribeCallback", body)).CallbackList ?? [];
}

describe("play-triggered relay (V3) through the official SDK", () => {
  it("UpdateRelaySourceV3 writes, DescribeRelaySourceV3 reads back, DeleteRelaySourceV3 removes a group, then all", async () => {
    // Every server names its params, so the written groups are exactly what is read back.
    const groupDetails = [
      {
        Group: "primary",
        Servers: [
          { RelaySourceDomain: "edge-a.example.com:1935", RelaySourceProtocol: "rtmp", RelaySourceParams: { t: "1" } },
          { RelaySourceDomain: "192.0.2.7", RelaySourceProtocol: "flv", RelaySourceParams: {} },
        ],
      },
      {
        Group: "g2",
        Servers: [{ RelaySourceDomain: "edge-b.example.com", RelaySourceProtocol: "flv", RelaySourceParams: {} }],
      },
    ];
    await answer("UpdateRelaySourceV3", { Vhost: VHOST, App: "live", GroupDetails: groupDetails });
    expect(await relayConfigs({ Vhost: VHOST, App: "live" })).toEqual([
      { Vhost: VHOST, App: "live", GroupDetails: groupDetails },
    ]);

    await answer("DeleteRelaySourceV3", { Vhost: VHOST, App: "live", Group: "primary" });
    expect((await relayConfigs({ Vhost: VHOST })).map((config) => config.GroupDetails.map((g) => g.Group))).toEqual([
      ["g2"],
    ]);

    await answer("DeleteRelaySourceV3", { Vhost: VHOST, App: "live" });
    expect(await relayConfigs({ Vhost: VHOST })).toEqual([]);
  });

  it("DescribeRelaySourceV3 lists RelaySourceParams {} for a server written without params", async () => {
    await answer("UpdateRelaySourceV3", {
      Vhost: VHOST,
      App: "live",
      GroupDetails: [
        { Group: "g1", Servers: [{ RelaySourceDomain: "origin.example.com", RelaySourceProtocol: "rtmp" }] },
      ],
    });
    const [config] = await relayConfigs({ Vhost: VHOST, App: "live", Group: "g1" });
    expect(config?.GroupDetails[0]?.Servers).toEqual([
      { RelaySourceDomain: "origin.example.com", RelaySourceProtocol: "rtmp", RelaySourceParams: {} },
    ]);
  });
});

describe("fixed relay (V4) through the official SDK", () => {
  const key = { Domain: PULL_DOMAIN, App: "live", Stream: "s1" };

  it("CreateRelaySourceV4 returns a TaskId, ListRelaySourceV4 lists it, Update changes it, Delete removes it", async () => {
    const created = await resultOf("CreateRelaySourceV4", {
      ...key,
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
      StartTime: START,
      EndTime: START + 3600,
    });
    expect(created.TaskId).toMatch(/\S/);
    expect(await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN, Page: 1, Size: 20 })).toEqual({
      List: [{ ...key, SrcAddrS: ["rtmp://origin.example.com/live/s1"], StartTime: START, EndTime: START + 3600 }],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 },
    });

    await answer("UpdateRelaySourceV4", {
      ...key,
      SrcAddrS: ["http://origin.example.com/live/s1.flv", "srt://backup.example.com:9000"],
      StartTime: START + 60,
      EndTime: START + 7200,
    });
    expect((await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN })).List).toEqual([
      {
        ...key,
        SrcAddrS: ["http://origin.example.com/live/s1.flv", "srt://backup.example.com:9000"],
        StartTime: START + 60,
        EndTime: START + 7200,
      },
    ]);

    await answer("DeleteRelaySourceV4", key);
    expect(await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN })).toEqual({
      List: [],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 0, TotalCount: 0 },
    });
  });

  it("StartTime 0 and EndTime 0 are accepted as permanent and list as 0/0", async () => {
    await resultOf("CreateRelaySourceV4", {
      ...key,
      SrcAddrS: ["rtmp://origin.example.com/live/s1"],
      StartTime: 0,
      EndTime: 0,
    });
    const [listed] = (await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN })).List;
    expect(listed).toMatchObject({ StartTime: 0, EndTime: 0 });
    // What List reports, written back unchanged, is accepted too.
    await answer("UpdateRelaySourceV4", listed as object);
  });

  it("ListRelaySourceV4 pages with the body's Page and Size", async () => {
    for (const stream of ["s1", "s2", "s3"]) {
      await resultOf("CreateRelaySourceV4", {
        ...key,
        Stream: stream,
        SrcAddrS: [`rtmp://origin.example.com/live/${stream}`],
      });
    }
    const second = await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN, Page: 2, Size: 2 });
    expect(second.List.map((item) => item.Stream)).toEqual(["s3"]);
    expect(second.Pagination).toEqual({ PageCur: 2, PageSize: 2, PageTotal: 2, TotalCount: 3 });
  });

  it("a Page beyond int32 is refused, since the answer's PageCur is an int32", async () => {
    await expect(errorCodeOf("ListRelaySourceV4", { Domain: PULL_DOMAIN, Page: 2 ** 31 })).resolves.toBe(
      "InvalidParam.OutOfRange",
    );
  });
});

describe("callbacks through the official SDK", () => {
  const hooks = [
    { CallbackType: "http", URL: "http://hooks.example.com/push" },
    { CallbackType: "http", URL: "https://hooks.example.com/push" },
  ];

  it("UpdateCallback writes, DescribeCallback reads back, DeleteCallback removes one type, then the rest", async () => {
    await answer("UpdateCallback", {
      Vhost: VHOST,
      App: "live",
      MessageType: "push",
      CallbackDetailList: hooks,
      TranscodeCallback: 1,
      AuthEnable: true,
      AuthKeyPrimary: "key-1",
    });
    await answer("UpdateCallback", {
      Vhost: VHOST,
      App: "live",
      MessageType: "record",
      CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/record" }],
    });
    const listed = await callbacks({ Vhost: VHOST, App: "live" });
    expect(listed).toEqual([
      {
        Vhost: VHOST,
        App: "live",
        MessageType: "push",
        TranscodeCallback: 1,
        AuthEnable: true,
        AuthKeyPrimary: "key-1",
        CreateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
        CreateTimeUTC: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        CallbackDetailList: hooks,
      },
      {
        Vhost: VHOST,
        App: "live",
        MessageType: "record",
        TranscodeCallback: 0,
        AuthEnable: false,
        AuthKeyPrimary: "",
        CreateTime: expect.any(String),
        CreateTimeUTC: expect.any(String),
        CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/record" }],
      },
    ]);
    // Both forms name the same instant.
    const push = listed[0];
    expect(Date.parse(push?.CreateTime ?? "")).toBe(Date.parse(push?.CreateTimeUTC ?? ""));

    await answer("DeleteCallback", { Vhost: VHOST, App: "live", MessageType: "push" });
    expect((await callbacks({ Vhost: VHOST, App: "live" })).map((item) => item.MessageType)).toEqual(["record"]);

    await answer("DeleteCallback", { Vhost: VHOST, App: "live" });
    expect(await callbacks({ Vhost: VHOST })).toEqual([]);
  });

  it("DeleteCallback with both Vhost and Domain, as the official examples send it, is InvalidParam and deletes nothing", async () => {
    await answer("UpdateCallback", { Vhost: VHOST, App: "live", MessageType: "push", CallbackDetailList: hooks });
    await expect(
      errorCodeOf("DeleteCallback", {
        Vhost: VHOST,
        Domain: "push-domain.example.com",
        App: "live",
        MessageType: "push",
      }),
    ).resolves.toBe("InvalidParam");
    expect((await callbacks({ Vhost: VHOST })).map((item) => item.MessageType)).toEqual(["push"]);
  });
});

describe("what the documentation allows, through the official SDK", () => {
  const hook = { CallbackType: "http", URL: "http://hooks.example.com/push" };

  it('MessageType "" on DescribeCallback and DeleteCallback means every type', async () => {
    await answer("UpdateCallback", { Vhost: VHOST, App: "live", MessageType: "push", CallbackDetailList: [hook] });
    await answer("UpdateCallback", { Vhost: VHOST, App: "live", MessageType: "record", CallbackDetailList: [hook] });
    expect((await callbacks({ Vhost: VHOST, App: "live", MessageType: "" })).map((item) => item.MessageType)).toEqual([
      "push",
      "record",
    ]);
    await answer("DeleteCallback", { Vhost: VHOST, App: "live", MessageType: "" });
    expect(await callbacks({ Vhost: VHOST })).toEqual([]);
  });

  it('TranscodeCallback 1 on a record callback is stored, and CallbackType "HTTP" reads back as "http"', async () => {
    await answer("UpdateCallback", {
      Vhost: VHOST,
      MessageType: "record",
      TranscodeCallback: 1,
      CallbackDetailList: [{ ...hook, CallbackType: "HTTP" }],
    });
    expect(await callbacks({ Vhost: VHOST })).toEqual([
      expect.objectContaining({ MessageType: "record", TranscodeCallback: 1, CallbackDetailList: [hook] }),
    ]);
  });

  it("StartTime and EndTime as numeric strings, as the CreateRelaySourceV4 example body has them", async () => {
    const relay = { Domain: PULL_DOMAIN, App: "live", Stream: "s1", SrcAddrS: ["rtmp://origin.example.com/live/s1"] };
    await resultOf("CreateRelaySourceV4", { ...relay, StartTime: String(START), EndTime: String(START + 60) });
    expect((await resultOf("ListRelaySourceV4", { Domain: PULL_DOMAIN })).List).toEqual([
      { ...relay, StartTime: START, EndTime: START + 60 },
    ]);
  });

  it("a null value in RelaySourceParams (map[string]*string in the request model) is no parameter", async () => {
    await answer("UpdateRelaySourceV3", {
      Vhost: VHOST,
      GroupDetails: [
        {
          Group: "g1",
          Servers: [
            { RelaySourceDomain: "o.example.com", RelaySourceProtocol: "rtmp", RelaySourceParams: { a: "1", b: null } },
          ],
        },
      ],
    });
    const [config] = await relayConfigs({ Vhost: VHOST });
    expect(config?.GroupDetails[0]?.Servers[0]?.RelaySourceParams).toEqual({ a: "1" });
  });
});

describe("error envelopes, as the official models type them", () => {
  it("a Live error carries exactly Code and Message (`<Action>ResResponseMetadataError`), no CodeN", async () => {
    const error = await errorOf("CreateRelaySourceV4", { Domain: PULL_DOMAIN, App: "live", Stream: "s1" });
    expect(Object.keys(error).sort()).toEqual(["Code", "Message"]);
    expect(error.Code).toBe("InvalidParam");
  });

  it("a gateway error carries its CodeN too (`base.ErrorObj`)", async () => {
    const error = await errorOf("NoSuchAction" as Action, {});
    expect(error).toMatchObject({ CodeN: 100008, Code: "InvalidActionOrVersion" });
  });
});

describe("the SDK's signature is what admits it", () => {
  it("the same request signed with another secret is refused and changes nothing", async () => {
    const forger = officialClient(`${emulator.credentials.secretAccessKey}-not`);
    const forged = failure.parse(
      await send(
        "UpdateCallback",
        {
          Vhost: VHOST,
          MessageType: "push",
          CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/push" }],
        },
        forger,
      ),
    );
    expect(forged.ResponseMetadata.Error).toMatchObject({ CodeN: 100010, Code: "SignatureDoesNotMatch" });
    expect(await callbacks({ Vhost: VHOST })).toEqual([]);
  });
});
