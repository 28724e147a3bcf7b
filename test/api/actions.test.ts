import { deleteCallback, describeCallback, updateCallback } from "../../provider/api/callback";
import { listAllRelaySourcesV4 } from "../../provider/api/listAllRelaySourcesV4";
import { deleteRelaySourceV3, describeRelaySourceV3, updateRelaySourceV3 } from "../../provider/api/relaySourceV3";
import {
  createRelaySourceV4,
  deleteRelaySourceV4,
  listRelaySourceV4,
  updateRelaySourceV4,
} from "../../provider/api/relaySourceV4";
import type { LiveClient } from "../../provider/client/LiveClient";
import { RequestValidationError } from "../../provider/errors/RequestValidationError";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { actionOf, envelope, jsonBody, ScriptedServer } from "../../scripts/lib/ScriptedServer";
import { testClient } from "../../scripts/lib/testClient";

let server: ScriptedServer;
let client: LiveClient;
beforeAll(async () => {
  server = await ScriptedServer.start();
  client = testClient(server);
});
afterAll(async () => {
  await client.close();
  await server.stop();
});
beforeEach(() => server.reset());

function lastBody(): unknown {
  return jsonBody(server.requests.at(-1) as never);
}

describe("play-triggered relay (V3)", () => {
  const request = {
    Vhost: "push.example.com",
    App: "live",
    GroupDetails: [
      {
        Group: "g1",
        Servers: [
          {
            RelaySourceDomain: "origin.example.com:1935",
            RelaySourceProtocol: "rtmp" as const,
            RelaySourceParams: { k: "v" },
          },
          { RelaySourceDomain: "10.0.0.2", RelaySourceProtocol: "flv" as const },
        ],
      },
    ],
  };

  it("UpdateRelaySourceV3 sends the body unchanged", async () => {
    await updateRelaySourceV3(client, request);
    expect(actionOf(server.requests[0] as never)).toBe("UpdateRelaySourceV3");
    expect(lastBody()).toEqual(request);
  });

  it("DescribeRelaySourceV3 parses the documented list", async () => {
    server.script({
      body: envelope("DescribeRelaySourceV3", {
        RelaySourceConfigList: [
          {
            Vhost: "push.example.com",
            App: "live",
            GroupDetails: [
              { Group: "relay1", Servers: [{ RelaySourceProtocol: "rtmp", RelaySourceDomain: "example.org" }] },
            ],
          },
        ],
      }),
    });
    const result = await describeRelaySourceV3(client, { Vhost: "push.example.com", App: "live", Group: "relay1" });
    expect(lastBody()).toEqual({ Vhost: "push.example.com", App: "live", Group: "relay1" });
    expect(result.RelaySourceConfigList[0]?.GroupDetails[0]?.Servers[0]).toEqual({
      RelaySourceProtocol: "rtmp",
      RelaySourceDomain: "example.org",
      RelaySourceParams: {},
    });
  });

  it.each([undefined, {}, { RelaySourceConfigList: null }])(
    "DescribeRelaySourceV3 reads Result %p as empty",
    async (result) => {
      server.script({ body: envelope("DescribeRelaySourceV3", result) });
      await expect(describeRelaySourceV3(client, { Vhost: "push.example.com" })).resolves.toEqual({
        RelaySourceConfigList: [],
      });
    },
  );

  it("DeleteRelaySourceV3 sends Vhost, App and Group", async () => {
    await deleteRelaySourceV3(client, { Vhost: "push.example.com", App: "", Group: "g1" });
    expect(lastBody()).toEqual({ Vhost: "push.example.com", App: "", Group: "g1" });
  });
});

describe("fixed relay (V4)", () => {
  const spec = {
    Domain: "pull.example.com",
    App: "live",
    Stream: "s-1",
    SrcAddrS: [
      "rtmp://origin.example.com/live/s-1",
      "https://cdn.example.com/live/s-1.flv",
      "srt://o.example.com:9000",
    ],
    StartTime: 1_700_000_000,
    EndTime: 1_700_086_400,
  };

  it("CreateRelaySourceV4 returns the TaskId", async () => {
    server.script({ body: envelope("CreateRelaySourceV4", { TaskId: "161234567891" }) });
    await expect(createRelaySourceV4(client, spec)).resolves.toEqual({ TaskId: "161234567891" });
    expect(lastBody()).toEqual(spec);
  });

  it("UpdateRelaySourceV4 and DeleteRelaySourceV4 are keyed by Domain, App and Stream", async () => {
    await updateRelaySourceV4(client, { ...spec, StartTime: undefined, EndTime: undefined });
    expect(lastBody()).toEqual({ Domain: spec.Domain, App: spec.App, Stream: spec.Stream, SrcAddrS: spec.SrcAddrS });
    await deleteRelaySourceV4(client, { Domain: spec.Domain, App: spec.App, Stream: spec.Stream });
    expect(lastBody()).toEqual({ Domain: spec.Domain, App: spec.App, Stream: spec.Stream });
  });

  it("StartTime 0 / EndTime 0, as a permanent relay is listed, is sent as the documented permanent form: no times", async () => {
    server.script({ body: envelope("CreateRelaySourceV4", { TaskId: "161234567891" }) });
    await createRelaySourceV4(client, { ...spec, StartTime: 0, EndTime: 0 });
    expect(lastBody()).toEqual({ Domain: spec.Domain, App: spec.App, Stream: spec.Stream, SrcAddrS: spec.SrcAddrS });
    await updateRelaySourceV4(client, { ...spec, StartTime: 0, EndTime: 0 });
    expect(lastBody()).toEqual({ Domain: spec.Domain, App: spec.App, Stream: spec.Stream, SrcAddrS: spec.SrcAddrS });
  });

  it("ListRelaySourceV4 parses items and pagination; a permanent relay's times read as 0", async () => {
    server.script({
      body: envelope("ListRelaySourceV4", {
        List: [{ Domain: "pull.example.com", App: "live", Stream: "a", SrcAddrS: ["rtmp://o/live/a"] }],
        Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 },
      }),
    });
    const result = await listRelaySourceV4(client, { Domain: "pull.example.com", Page: 1, Size: 20 });
    expect(result.List[0]).toMatchObject({ Stream: "a", StartTime: 0, EndTime: 0 });
    expect(result.Pagination).toEqual({ PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 });
  });

  function pagedList(total: number, options: { pagination: boolean }) {
    return (request: { body: Buffer }) => {
      const { Page, Size } = JSON.parse(request.body.toString()) as { Page: number; Size: number };
      const start = (Page - 1) * Size;
      const count = Math.max(0, Math.min(Size, total - start));
      const List = Array.from({ length: count }, (_, index) => ({
        Domain: "pull.example.com",
        App: "live",
        Stream: `s${start + index}`,
        SrcAddrS: ["rtmp://o/live/x"],
        StartTime: 0,
        EndTime: 0,
      }));
      const Pagination = { PageCur: Page, PageSize: Size, PageTotal: Math.ceil(total / Size), TotalCount: total };
      return { body: envelope("ListRelaySourceV4", options.pagination ? { List, Pagination } : { List }) };
    };
  }

  it("listAllRelaySourcesV4 walks every page, 500 at a time", async () => {
    server.script(pagedList(1201, { pagination: true }));
    const items = await listAllRelaySourcesV4(client, "pull.example.com");
    expect(items).toHaveLength(1201);
    expect(new Set(items.map((item) => item.Stream)).size).toBe(1201);
    expect(server.requests.map((request) => jsonBody(request))).toEqual([
      { Domain: "pull.example.com", Page: 1, Size: 500 },
      { Domain: "pull.example.com", Page: 2, Size: 500 },
      { Domain: "pull.example.com", Page: 3, Size: 500 },
    ]);
  });

  it("listAllRelaySourcesV4 stops on a short page when no Pagination is sent", async () => {
    server.script(pagedList(45, { pagination: false }));
    const items = await listAllRelaySourcesV4(client, "pull.example.com", { pageSize: 20 });
    expect(items).toHaveLength(45);
    expect(server.requests).toHaveLength(3);
  });

  it("listAllRelaySourcesV4 ends on an exact multiple of the page size", async () => {
    server.script(pagedList(40, { pagination: false }));
    await expect(listAllRelaySourcesV4(client, "pull.example.com", { pageSize: 20 })).resolves.toHaveLength(40);
    expect(server.requests).toHaveLength(3);
  });

  it("listAllRelaySourcesV4 does not loop when a server never reaches PageTotal", async () => {
    server.script({
      body: envelope("ListRelaySourceV4", {
        List: [{ Domain: "d", App: "a", Stream: "same", SrcAddrS: [] }],
        Pagination: { PageCur: 1, PageSize: 1, PageTotal: 3, TotalCount: 3 },
      }),
    });
    await expect(listAllRelaySourcesV4(client, "pull.example.com", { pageSize: 1 })).resolves.toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });
});

describe("callbacks", () => {
  it("UpdateCallback sends the full configuration", async () => {
    const request = {
      Vhost: "push.example.com",
      App: "live",
      MessageType: "push" as const,
      CallbackDetailList: [{ CallbackType: "http" as const, URL: "https://hooks.example.com/push" }],
      TranscodeCallback: 1 as const,
      AuthEnable: true,
      AuthKeyPrimary: "k1",
    };
    await updateCallback(client, request);
    expect(lastBody()).toEqual(request);
  });

  it("DescribeCallback parses items (which carry Vhost, not Domain)", async () => {
    server.script({
      body: envelope("DescribeCallback", {
        CallbackList: [
          {
            Vhost: "push.example.com",
            App: "live",
            MessageType: "push",
            TranscodeCallback: 0,
            AuthEnable: false,
            AuthKeyPrimary: "",
            CreateTime: "2021-01-02T15:04:05+8:00",
            CreateTimeUTC: "2024-01-01T00:00:00Z",
            CallbackDetailList: [
              { CallbackType: "http", URL: "http://example.com/cb" },
              { CallbackType: "HTTP", URL: "http://example.com/upper" },
            ],
            Unknown: "ignored",
          },
        ],
      }),
    });
    const result = await describeCallback(client, { Domain: "push.example.com", MessageType: "push" });
    expect(lastBody()).toEqual({ Domain: "push.example.com", MessageType: "push" });
    expect(result.CallbackList[0]).toMatchObject({ Vhost: "push.example.com", App: "live", AuthEnable: false });
    expect(result.CallbackList[0]).not.toHaveProperty("Unknown");
    // "HTTP", as the examples spell it, reads as the documented "http": no change where there is none.
    expect(result.CallbackList[0]?.CallbackDetailList.map((detail) => detail.CallbackType)).toEqual(["http", "http"]);
  });

  it("drops an empty Vhost or Domain so the service sees exactly one scope", async () => {
    await describeCallback(client, { Vhost: "", Domain: "push.example.com", App: "" });
    expect(lastBody()).toEqual({ Domain: "push.example.com" });
    await deleteCallback(client, { Vhost: "push.example.com", Domain: "", App: "", MessageType: "push" });
    expect(lastBody()).toEqual({ Vhost: "push.example.com", App: "", MessageType: "push" });
  });

  it("DeleteCallback sends the full key", async () => {
    await deleteCallback(client, { Vhost: "push.example.com", App: "live", MessageType: "record" });
    expect(lastBody()).toEqual({ Vhost: "push.example.com", App: "live", MessageType: "record" });
  });
});

describe("request validation happens before sending and names the field", () => {
  const server0 = { RelaySourceDomain: "o.example.com", RelaySourceProtocol: "rtmp" as const };
  const v4 = { Domain: "pull.example.com", App: "live", Stream: "s", SrcAddrS: ["rtmp://o.example.com/live/s"] };
  const cb = {
    Vhost: "push.example.com",
    MessageType: "push" as const,
    CallbackDetailList: [{ CallbackType: "http" as const, URL: "https://h.example.com/x" }],
  };
  const cases: Array<[string, () => Promise<unknown>, string, RegExp]> = [
    [
      "missing Vhost",
      () => updateRelaySourceV3(client, { GroupDetails: [] } as never),
      "Vhost",
      /required|expected string/,
    ],
    [
      "App charset",
      () => updateRelaySourceV3(client, { Vhost: "v", App: "a b", GroupDetails: [{ Group: "g", Servers: [server0] }] }),
      "App",
      /letters, digits/,
    ],
    ["App length", () => describeRelaySourceV3(client, { Vhost: "v", App: "a".repeat(31) }), "App", /at most 30/],
    [
      "no groups",
      () => updateRelaySourceV3(client, { Vhost: "v", GroupDetails: [] }),
      "GroupDetails",
      /at least one group/,
    ],
    [
      "11 servers",
      () =>
        updateRelaySourceV3(client, { Vhost: "v", GroupDetails: [{ Group: "g", Servers: Array(11).fill(server0) }] }),
      "GroupDetails[0].Servers",
      /at most 10/,
    ],
    [
      "protocol enum",
      () =>
        updateRelaySourceV3(client, {
          Vhost: "v",
          GroupDetails: [{ Group: "g", Servers: [{ ...server0, RelaySourceProtocol: "hls" as never }] }],
        }),
      "GroupDetails[0].Servers[0].RelaySourceProtocol",
      /rtmp, flv/,
    ],
    [
      "bad port",
      () =>
        updateRelaySourceV3(client, {
          Vhost: "v",
          GroupDetails: [{ Group: "g", Servers: [{ ...server0, RelaySourceDomain: "o.example.com:70000" }] }],
        }),
      "GroupDetails[0].Servers[0].RelaySourceDomain",
      /port/,
    ],
    ["unknown field", () => deleteRelaySourceV3(client, { Vhost: "v", Grup: "g" } as never), "", /Grup/],
    ["Stream charset", () => createRelaySourceV4(client, { ...v4, Stream: "a/b" }), "Stream", /letters, digits/],
    ["Stream length", () => createRelaySourceV4(client, { ...v4, Stream: "s".repeat(101) }), "Stream", /at most 100/],
    ["no sources", () => createRelaySourceV4(client, { ...v4, SrcAddrS: [] }), "SrcAddrS", /at least one/],
    [
      "11 sources",
      () => createRelaySourceV4(client, { ...v4, SrcAddrS: Array(11).fill(v4.SrcAddrS[0]) }),
      "SrcAddrS",
      /at most 10/,
    ],
    [
      "source scheme",
      () => createRelaySourceV4(client, { ...v4, SrcAddrS: ["ftp://o.example.com/x"] }),
      "SrcAddrS[0]",
      /rtmp:\/\//,
    ],
    ["StartTime alone", () => createRelaySourceV4(client, { ...v4, StartTime: 100 }), "EndTime", /set both or neither/],
    [
      "EndTime not after StartTime",
      () => updateRelaySourceV4(client, { ...v4, StartTime: 100, EndTime: 100 }),
      "EndTime",
      /after StartTime/,
    ],
    [
      "span over 7 days",
      () => createRelaySourceV4(client, { ...v4, StartTime: 0, EndTime: 604_801 }),
      "EndTime",
      /7 days/,
    ],
    [
      "fractional time",
      () => createRelaySourceV4(client, { ...v4, StartTime: 1.5, EndTime: 10 }),
      "StartTime",
      /whole number/,
    ],
    [
      "page size over 500",
      () => listRelaySourceV4(client, { Domain: "pull.example.com", Size: 501 }),
      "Size",
      /at most 500/,
    ],
    [
      "missing Domain",
      () => deleteRelaySourceV4(client, { App: "a", Stream: "s" } as never),
      "Domain",
      /required|expected string/,
    ],
    [
      "both Vhost and Domain",
      () => updateCallback(client, { ...cb, Domain: "push.example.com" }),
      "Domain",
      /exactly one of Vhost and Domain/,
    ],
    ["neither Vhost nor Domain", () => describeCallback(client, {}), "Vhost", /exactly one of Vhost and Domain/],
    [
      "App with Domain",
      () => deleteCallback(client, { Domain: "d.example.com", App: "live", MessageType: "push" }),
      "App",
      /not be set together with Domain/,
    ],
    [
      "MessageType enum",
      () => updateCallback(client, { ...cb, MessageType: "pull" as never }),
      "MessageType",
      /push, push_end/,
    ],
    [
      "callback URL scheme",
      () =>
        updateCallback(client, { ...cb, CallbackDetailList: [{ CallbackType: "http", URL: "ftp://x.example.com" }] }),
      "CallbackDetailList[0].URL",
      /http:\/\/ or https:\/\//,
    ],
    [
      "callback URL length",
      () =>
        updateCallback(client, {
          ...cb,
          CallbackDetailList: [{ CallbackType: "http", URL: `https://x.example.com/${"a".repeat(80)}` }],
        }),
      "CallbackDetailList[0].URL",
      /at most 100/,
    ],
    [
      "TranscodeCallback on record",
      () => updateCallback(client, { ...cb, MessageType: "record", TranscodeCallback: 1 }),
      "TranscodeCallback",
      /push and push_end/,
    ],
    [
      "AuthKeyPrimary required",
      () => updateCallback(client, { ...cb, AuthEnable: true }),
      "AuthKeyPrimary",
      /required when AuthEnable/,
    ],
  ];

  it.each(cases)("%s", async (_label, call, path, message) => {
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.code).toBe("VOLC_LIVE_ERR_INVALID_REQUEST");
    const issue = error.issues.find((candidate: { path: string }) => candidate.path === path);
    expect(issue).toBeDefined();
    expect(`${issue.message} ${error.message}`).toMatch(message);
    expect(server.requests).toHaveLength(0);
  });

  it("reports a value of the wrong type once: SrcAddrS as one string is not also 'at most 10'", async () => {
    const error = await rejectionOf(
      createRelaySourceV4(client, { ...v4, SrcAddrS: "rtmp://origin.example.com/live/a-long-stream" as never }),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([{ path: "SrcAddrS", message: expect.stringMatching(/expected array/) }]);
    expect(server.requests).toHaveLength(0);
  });
});
