import { LOOKUP_FIELD } from "../../provider/dynamic/lookupMark";
import { ConfigurationNotFoundError } from "../../provider/errors/ConfigurationNotFoundError";
import { ResourceIdError } from "../../provider/errors/ResourceIdError";
import { FixedRelayV4Provider } from "../../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../../provider/resources/liveCallback/LiveCallbackProvider";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { RESOURCE_TYPES } from "../../provider/resources/resourceTypes";
import { sentProps } from "../../provider/resources/sentProps";
import { handMadeCallback } from "../../scripts/lib/handMadeCallback";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { callsTo, type ProviderClass, setAccount, useEmulator } from "../../scripts/lib/v3cbHarness";

/**
 * `get` as the provider serves it: the engine sends a read with the ID and, as the state, what the class sent (the
 * given state and the lookup mark). The ID alone names the configuration; outputs come from the service, except what
 * it never returns (a relay's TaskId, a masked callback key), which the given state supplies. A missing
 * configuration or an ID of the wrong form fails naming the kind and the ID, while a refresh (the recorded outputs,
 * no mark) of a configuration that is gone still reports it gone.
 */

const DOMAIN = "pull.example.com";
const VHOST = "push.example.com";
const PROVIDER_TEXT = RESOURCE_TYPES.FixedRelayV4.providerText;

/** What the engine passes to read for a get: the class's lookup props without the names the state leaves unset. */
function lookup(state: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...state, __provider: PROVIDER_TEXT, [LOOKUP_FIELD]: "get" };
}

describe("get: a provider read from the ID alone", () => {
  const harness = useEmulator({});

  beforeEach(() =>
    setAccount(harness.emulator, (account) => {
      account.relaySourcesV4.push({
        Domain: DOMAIN,
        App: "live",
        Stream: "lobby",
        SrcAddrS: ["rtmp://studio.example.com/live/lobby"],
        StartTime: 1_900_000_000,
        EndTime: 1_900_003_600,
        TaskId: "1612000000001",
      });
      account.relaySourcesV3.push({
        Vhost: VHOST,
        App: "",
        GroupDetails: [
          {
            Group: "edge:east",
            Servers: [
              {
                RelaySourceDomain: "origin.example.com:8080",
                RelaySourceProtocol: "flv",
                RelaySourceParams: { a: "1" },
              },
            ],
          },
        ],
      });
      account.callbacks.push(
        handMadeCallback({ Vhost: VHOST }),
        handMadeCallback({ Vhost: "", Domain: DOMAIN, App: "", MessageType: "push" }),
      );
    }),
  );

  it("FixedRelayV4 reads the relay the ID names, with an empty taskId: the service never lists it", async () => {
    const result = await harness.command(FixedRelayV4Provider).read(`${DOMAIN}:live:lobby`, lookup());

    expect(result).toEqual({
      id: `${DOMAIN}:live:lobby`,
      props: {
        domain: DOMAIN,
        app: "live",
        stream: "lobby",
        sourceUrls: ["rtmp://studio.example.com/live/lobby"],
        startTime: 1_900_000_000,
        endTime: 1_900_003_600,
        adopt: false,
        taskId: "",
        [LOOKUP_FIELD]: "recorded",
      },
    });
  });

  it("FixedRelayV4 takes the taskId from the given state, and key fields that agree with the ID", async () => {
    const result = await harness
      .command(FixedRelayV4Provider)
      .read(`${DOMAIN}:live:lobby`, lookup({ domain: DOMAIN, stream: "lobby", taskId: "1612000000001" }));

    expect(result.props).toMatchObject({ stream: "lobby", taskId: "1612000000001" });
  });

  it("RelayGroupV3 reads the group the ID names, at the vhost level (an empty app) and with a colon in its name", async () => {
    const result = await harness.command(RelayGroupV3Provider).read(`${VHOST}::edge:east`, lookup());

    expect(result).toEqual({
      id: `${VHOST}::edge:east`,
      props: {
        vhost: VHOST,
        app: "",
        group: "edge:east",
        servers: [{ protocol: "flv", domain: "origin.example.com:8080", params: { a: "1" } }],
        adopt: false,
        [LOOKUP_FIELD]: "recorded",
      },
    });
  });

  it("LiveCallback reads a configuration keyed by Vhost, and one keyed by Domain, the key as the service returns it", async () => {
    const provider = harness.command(LiveCallbackProvider);

    expect(await provider.read(`vhost:${VHOST}:live:record`, lookup())).toEqual({
      id: `vhost:${VHOST}:live:record`,
      props: {
        vhost: VHOST,
        app: "live",
        messageType: "record",
        callbacks: [{ url: "https://hooks.example.com/record", type: "http" }],
        transcodeCallback: false,
        authEnabled: true,
        authKey: "made-in-console",
        adopt: false,
        [LOOKUP_FIELD]: "recorded",
      },
    });
    expect((await provider.read(`domain:${DOMAIN}::push`, lookup())).props).toMatchObject({
      domain: DOMAIN,
      app: "",
      messageType: "push",
    });
  });

  it("each kind fails naming the kind and the ID when nothing is there, after a look through the read guard", async () => {
    const missing = [
      [harness.command(FixedRelayV4Provider), "FixedRelayV4", `${DOMAIN}:live:nothing`],
      [harness.command(RelayGroupV3Provider), "RelayGroupV3", `${VHOST}:live:nothing`],
      [harness.command(LiveCallbackProvider), "LiveCallback", `vhost:${VHOST}:live:push_end`],
    ] as const;

    for (const [provider, kind, id] of missing) {
      const error = await rejectionOf(provider.read(id, lookup()));
      expect(error).toBeInstanceOf(ConfigurationNotFoundError);
      expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_NOT_FOUND", resourceId: id });
      expect(error.message).toMatch(new RegExp(`^${kind} ${id} does not exist in Volcengine Live, so ${kind}\\.get`));
    }
  });

  it("a refresh of what a get recorded reads the same way, keeping what the service never returns, and no inputs", async () => {
    const provider = harness.command(FixedRelayV4Provider);
    const recorded = (await provider.read(`${DOMAIN}:live:lobby`, lookup({ taskId: "1612000000001" }))).props;

    const refreshed = await harness.command(FixedRelayV4Provider).read(`${DOMAIN}:live:lobby`, recorded);

    // Without inputs the recorded ones (the lookup) stay: a key read from the service never lands in them.
    expect(refreshed).toEqual({ id: `${DOMAIN}:live:lobby`, props: recorded });
  });

  it("a refresh of what a get recorded, now gone, reports it gone as an empty ID rather than failing", async () => {
    const provider = harness.command(RelayGroupV3Provider);
    const recorded = (await provider.read(`${VHOST}::edge:east`, lookup())).props;
    setAccount(harness.emulator, (account) => (account.relaySourcesV3 = []));

    expect(await harness.command(RelayGroupV3Provider).read(`${VHOST}::edge:east`, recorded)).toEqual({ id: "" });
  });

  it("a refresh of a managed configuration that is gone still reports it gone, as an empty ID", async () => {
    const recorded = { domain: DOMAIN, app: "live", stream: "nothing", sourceUrls: ["rtmp://a.example.com/x"] };

    const result = await harness
      .command(FixedRelayV4Provider)
      .read(`${DOMAIN}:live:nothing`, { ...recorded, adopt: false, taskId: "1", __provider: PROVIDER_TEXT });

    expect(result).toEqual({ id: "" });
  });
});

describe("get: a LiveCallback key the service masks", () => {
  const harness = useEmulator({ callbackAuthKey: "masked" });

  beforeEach(() =>
    setAccount(harness.emulator, (account) => account.callbacks.push(handMadeCallback({ Vhost: VHOST }))),
  );

  it("comes from the given state, and is left out without one", async () => {
    const provider = harness.command(LiveCallbackProvider);
    const id = `vhost:${VHOST}:live:record`;

    expect((await provider.read(id, lookup({ authKey: "made-in-console" }))).props).toMatchObject({
      authEnabled: true,
      authKey: "made-in-console",
    });
    const withoutKey = (await provider.read(id, lookup())).props;
    expect(withoutKey).toMatchObject({ authEnabled: true });
    expect(withoutKey).not.toHaveProperty("authKey");
  });
});

const PROVIDERS: Record<string, ProviderClass<{ read: LiveCallbackProvider["read"] }>> = {
  FixedRelayV4: FixedRelayV4Provider,
  RelayGroupV3: RelayGroupV3Provider,
  LiveCallback: LiveCallbackProvider,
};

describe("get: an ID that names no key", () => {
  const harness = useEmulator({});

  it.each([
    ["FixedRelayV4", "live:lobby", "is not of the form domain:app:stream"],
    ["FixedRelayV4", `${DOMAIN}:live:lobby:extra`, "is not of the form domain:app:stream"],
    [
      "FixedRelayV4",
      `${DOMAIN}:li ve:lobby`,
      "(domain:app:stream) is not valid: app may contain only letters, digits, '_', '.' and '-'",
    ],
    ["RelayGroupV3", VHOST, "is not of the form vhost:app:group"],
    ["RelayGroupV3", `${VHOST}:live:`, "is not valid: group is required"],
    ["LiveCallback", `${VHOST}:live:record`, "is not of the form vhost:<vhost>:<app>:<messageType>"],
    ["LiveCallback", `domain:${DOMAIN}:live:push`, "is not of the form vhost:<vhost>"],
    ["LiveCallback", `vhost:${VHOST}:live:recording`, "messageType must be one of push, push_end"],
  ] as const)("%s %s fails before any request: %s", async (kind, id, problem) => {
    const error = await rejectionOf(harness.command(PROVIDERS[kind]!).read(id, lookup()));

    expect(error).toBeInstanceOf(ResourceIdError);
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_INVALID_ID", resourceId: id });
    expect(error.message).toContain(`${kind} ID ${JSON.stringify(id)} `);
    expect(error.message).toContain(problem);
    expect(harness.emulator.requests().requests).toEqual([]);
  });

  it("a key field of the given state that disagrees with the ID fails, naming both", async () => {
    const error = await rejectionOf(
      harness.command(LiveCallbackProvider).read(`vhost:${VHOST}:live:record`, lookup({ domain: DOMAIN })),
    );

    expect(error).toBeInstanceOf(ResourceIdError);
    expect(error.message).toBe(
      `LiveCallback ID "vhost:${VHOST}:live:record" names domain "(none)", but the state given to get says "${DOMAIN}"`,
    );
    expect(callsTo(harness.emulator, "DescribeCallback")).toBe(0);
  });
});

describe("get: what a resource class sends", () => {
  const built = { domain: "d", app: "", adopt: false, taskId: undefined, __provider: PROVIDER_TEXT };

  it("without an ID, the props it built", () => {
    expect(sentProps(built, {}, undefined)).toBe(built);
  });

  it("with an ID, every name it built, set only where the state sets it, and the lookup mark", () => {
    const sent = sentProps(built, { app: "" }, { id: `d::g` });

    expect(sent).toEqual({
      domain: undefined,
      app: "",
      adopt: undefined,
      taskId: undefined,
      __provider: PROVIDER_TEXT,
      [LOOKUP_FIELD]: "get",
    });
    expect(Object.keys(sent)).toEqual(["domain", "app", "adopt", "taskId", "__provider", LOOKUP_FIELD]);
  });
});
