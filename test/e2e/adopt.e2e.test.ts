import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  type AccountState,
  type CallbackConfig,
  emptyAccount,
  type RelaySourceV4Config,
} from "../../emulator/world/WorldState";
import { ResourceConflictError } from "../../provider/errors/ResourceConflictError";
import { E2eStack, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const VHOST = "push.e2e-adopt.example.com";
const DOMAIN = "play.e2e-adopt.example.com";
const START = "2030-01-01T08:00:00Z";
const END = "2030-01-01T10:00:00Z";
const HAND_MADE_LOBBY_TASK_ID = "1612000000001";
const seconds = (iso: string) => Date.parse(iso) / 1000;

/** What someone made in the console before the stack existed: one config of each kind, plus neighbours. */
function handMadeAccount(): AccountState {
  const handMadeCallback: CallbackConfig = {
    Vhost: VHOST,
    Domain: "",
    App: "live",
    MessageType: "record",
    CallbackDetailList: [{ CallbackType: "http", URL: "https://old-hooks.example.com/record" }],
    TranscodeCallback: 0,
    AuthEnable: true,
    AuthKeyPrimary: "hand-made-key",
    CreateTime: "2025-01-01T08:00:00+08:00",
    CreateTimeUTC: "2025-01-01T00:00:00Z",
  };
  const relay = (stream: string, source: string): RelaySourceV4Config => ({
    Domain: DOMAIN,
    App: "live",
    Stream: stream,
    SrcAddrS: [source],
    StartTime: 0,
    EndTime: 0,
    TaskId: stream === "lobby" ? HAND_MADE_LOBBY_TASK_ID : "1612000000002",
  });
  return {
    relaySourcesV3: [
      {
        Vhost: VHOST,
        App: "live",
        GroupDetails: [
          { Group: "console", Servers: [{ RelaySourceDomain: "old-origin.example.com", RelaySourceProtocol: "rtmp" }] },
          { Group: "neighbour", Servers: [{ RelaySourceDomain: "other.example.com", RelaySourceProtocol: "flv" }] },
        ],
      },
    ],
    relaySourcesV4: [
      relay("lobby", "rtmp://old-studio.example.com/live/lobby"),
      relay("neighbour", "rtmp://other.example.com/live/neighbour"),
    ],
    callbacks: [handMadeCallback, { ...handMadeCallback, MessageType: "push", AuthEnable: false, AuthKeyPrimary: "" }],
  };
}

/** The same three keys, declared with settings that differ from the hand-made ones. */
function declared(adopt: boolean | undefined): ResourceSpecs {
  const flag = adopt === undefined ? {} : { adopt };
  return {
    origins: {
      kind: "RelayGroupV3",
      args: {
        vhost: VHOST,
        app: "live",
        group: "console",
        servers: [{ protocol: "flv", domain: "new-origin.example.com:8080", params: { token: "t1" } }],
        ...flag,
      },
    },
    lobby: {
      kind: "FixedRelayV4",
      args: {
        domain: DOMAIN,
        app: "live",
        stream: "lobby",
        sourceUrls: ["rtmp://studio.example.com/live/lobby", "srt://backup.example.com:9000"],
        startTime: START,
        endTime: END,
        ...flag,
      },
    },
    recordHook: {
      kind: "LiveCallback",
      args: {
        vhost: VHOST,
        app: "live",
        messageType: "record",
        callbacks: [{ url: "https://hooks.example.com/live/record" }],
        ...flag,
      },
    },
  };
}

/** The CLI's closing "Diagnostics:" section, as the lines reported per resource (keyed without the type prefix). */
function diagnosticsOf(output: string): Record<string, string[]> {
  const section = output.split("\nDiagnostics:\n")[1]?.split(/\n(?:Resources|Outputs):\n/)[0] ?? "";
  const diagnostics: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of section.split("\n")) {
    const header = /^ {2}(\S.*?)(?: \(.*-e2e\))?:$/.exec(line);
    if (header) {
      current = diagnostics[header[1]!.replace(/^pulumi-nodejs:dynamic\//, "")] = [];
    } else if (line.trim() !== "") {
      current?.push(line.trim());
    }
  }
  return diagnostics;
}

/** `adopt: true` where nothing exists yet: an ordinary create, with the TaskId the service returned. */
const freshRelay: ResourceSpecs = {
  stage: {
    kind: "FixedRelayV4",
    args: {
      domain: DOMAIN,
      app: "live",
      stream: "stage",
      sourceUrls: ["rtmp://studio.example.com/live/stage"],
      adopt: true,
    },
  },
};

describe("adopting configurations made out of band, under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  const account = (): AccountState => emulator.state().accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
  const groupsOf = (app: string) => account().relaySourcesV3.find((c) => c.Vhost === VHOST && c.App === app);
  const relaysOf = (stream: string) =>
    account().relaySourcesV4.filter((r) => r.Domain === DOMAIN && r.Stream === stream);
  const callbackOf = (messageType: string) =>
    account().callbacks.find((c) => c.Vhost === VHOST && c.App === "live" && c.MessageType === messageType);
  const writes = () =>
    emulator
      .requests()
      .requests.filter((entry) => !/^(Describe|List)/.test(entry.action))
      .map((entry) => entry.action);

  beforeAll(async () => {
    emulator = await startEmulator();
    const world = emulator.state();
    world.accounts[emulator.credentials.accessKeyId] = handMadeAccount();
    emulator.setState(world);
    stack = await E2eStack.create("adopt", emulator);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("without adopt, up fails for each kind with the already-exists explanation, naming the config and pointing at adopt, and writes nothing", async () => {
    const before = account();
    stack.setResources(declared(undefined));
    emulator.clearRequests();

    // The engine starts no new step after the first failure: --continue-on-error has it try every resource, however
    // the three registrations and the first failure interleave.
    const result = await stack.expectFailure(["up", "--yes", "--skip-preview", "--continue-on-error"]);

    // ResourceConflictError (VOLC_LIVE_ERR_ALREADY_EXISTS): the CLI shows its message, once per resource.
    const explanation = (kind: string, id: string) => `error: ${new ResourceConflictError(kind, id).message}`;
    // The stack's own diagnostics are the program's: with --continue-on-error it reports each failed registration.
    const { "pulumi:pulumi:Stack": _stack, ...perResource } = diagnosticsOf(result.output);
    expect(perResource).toEqual({
      "volcengine-live:RelayGroupV3 (origins)": [explanation("RelayGroupV3", `${VHOST}:live:console`)],
      "volcengine-live:FixedRelayV4 (lobby)": [explanation("FixedRelayV4", `${DOMAIN}:live:lobby`)],
      "volcengine-live:LiveCallback (recordHook)": [explanation("LiveCallback", `vhost:${VHOST}:live:record`)],
    });
    expect(writes()).toEqual([]);
    expect(account()).toEqual(before);
    expect(await stack.outputs()).toEqual({});
  });

  it("with adopt: true, up takes each over and converges it to the declared settings, leaving neighbours alone", async () => {
    stack.setResources({ ...declared(true), ...freshRelay });
    emulator.clearRequests();

    await stack.up();

    expect(groupsOf("live")?.GroupDetails).toEqual([
      {
        Group: "console",
        Servers: [
          {
            RelaySourceDomain: "new-origin.example.com:8080",
            RelaySourceProtocol: "flv",
            RelaySourceParams: { token: "t1" },
          },
        ],
      },
      { Group: "neighbour", Servers: [{ RelaySourceDomain: "other.example.com", RelaySourceProtocol: "flv" }] },
    ]);
    // Converged in place by UpdateRelaySourceV4: one relay at the key, never a second create.
    expect(relaysOf("lobby")).toEqual([
      expect.objectContaining({
        SrcAddrS: ["rtmp://studio.example.com/live/lobby", "srt://backup.example.com:9000"],
        StartTime: seconds(START),
        EndTime: seconds(END),
        TaskId: HAND_MADE_LOBBY_TASK_ID,
      }),
    ]);
    // Each adopted config gets one write; the only create is the relay that did not exist yet.
    expect(writes().sort()).toEqual([
      "CreateRelaySourceV4",
      "UpdateCallback",
      "UpdateRelaySourceV3",
      "UpdateRelaySourceV4",
    ]);
    expect(relaysOf("stage")).toEqual([
      expect.objectContaining({ SrcAddrS: ["rtmp://studio.example.com/live/stage"] }),
    ]);
    expect(relaysOf("neighbour")).toEqual([
      expect.objectContaining({ SrcAddrS: ["rtmp://other.example.com/live/neighbour"] }),
    ]);
    expect(callbackOf("record")).toMatchObject({
      CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/live/record" }],
      TranscodeCallback: 0,
      AuthEnable: false,
      CreateTime: "2025-01-01T08:00:00+08:00",
    });
    expect(callbackOf("push")).toMatchObject({
      CallbackDetailList: [{ CallbackType: "http", URL: "https://old-hooks.example.com/record" }],
    });
  });

  it("outputs the adopted IDs, an empty taskId for the adopted relay and the service's TaskId for the created one", async () => {
    expect(await stack.outputs()).toEqual({
      resourceIds: {
        origins: `${VHOST}:live:console`,
        lobby: `${DOMAIN}:live:lobby`,
        recordHook: `vhost:${VHOST}:live:record`,
        stage: `${DOMAIN}:live:stage`,
      },
      relayTaskIds: { lobby: "", stage: relaysOf("stage")[0]?.TaskId },
    });
    expect(relaysOf("stage")[0]?.TaskId).toMatch(/^\d+$/);
  });

  it("shows no changes right after adopting", async () => {
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("destroy removes exactly the configurations the stack manages, adopted ones included", async () => {
    await stack.destroy();

    expect(groupsOf("live")?.GroupDetails.map((group) => group.Group)).toEqual(["neighbour"]);
    expect(relaysOf("lobby")).toEqual([]);
    expect(relaysOf("stage")).toEqual([]);
    expect(relaysOf("neighbour")).toHaveLength(1);
    expect(callbackOf("record")).toBeUndefined();
    expect(callbackOf("push")).toBeDefined();
  });
});
