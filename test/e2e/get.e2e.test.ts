import { type RunningEmulator, startEmulator } from "../../emulator";
import type { AccountState } from "../../emulator/world/WorldState";
import { ConfigurationNotFoundError } from "../../provider/errors/ConfigurationNotFoundError";
import { E2eStack, type ResourceSpecs, urnOf } from "../../scripts/lib/E2eStack";
import { handMadeCallback } from "../../scripts/lib/handMadeCallback";
import { accountOf, setAccount, writeActions } from "../../scripts/lib/v3cbHarness";

const VHOST = "push.e2e-get.example.com";
const DOMAIN = "play.e2e-get.example.com";
const CONSOLE_KEY = "console-made-signing-key";
const STATE_KEY = "key-given-to-get-as-state";

/** What someone made in the console: one configuration of each kind, which the stack only reads. */
function consoleAccount(): AccountState {
  return {
    relaySourcesV3: [
      {
        Vhost: VHOST,
        App: "live",
        GroupDetails: [
          { Group: "origins", Servers: [{ RelaySourceDomain: "origin.example.com:8080", RelaySourceProtocol: "flv" }] },
        ],
      },
    ],
    relaySourcesV4: [
      {
        Domain: DOMAIN,
        App: "live",
        Stream: "lobby",
        SrcAddrS: ["rtmp://studio.example.com/live/lobby"],
        StartTime: 0,
        EndTime: 0,
        TaskId: "1612000000001",
      },
    ],
    callbacks: [handMadeCallback({ Vhost: VHOST, AuthKeyPrimary: CONSOLE_KEY })],
  };
}

const RELAY_ID = `${DOMAIN}:live:lobby`;
const GROUP_ID = `${VHOST}:live:origins`;
const CALLBACK_ID = `vhost:${VHOST}:live:record`;

/** Each kind read by its ID alone; the relay also given its TaskId, and the callback a key, as state. */
const reads: ResourceSpecs = {
  lobby: { kind: "FixedRelayV4", getId: RELAY_ID, args: { taskId: "1612000000001" } },
  origins: { kind: "RelayGroupV3", getId: GROUP_ID, args: {} },
  recordHook: { kind: "LiveCallback", getId: CALLBACK_ID, args: {} },
  keyedHook: { kind: "LiveCallback", getId: CALLBACK_ID, args: { authKey: "$authKey" } },
};

describe("get under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  beforeAll(async () => {
    emulator = await startEmulator();
    setAccount(emulator, (account) => Object.assign(account, consoleAccount()));
    stack = await E2eStack.create("get", emulator);
    await stack.expectSuccess(["config", "set", "--secret", "authKey", STATE_KEY]);
    stack.setResources(reads);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("preview plans a read of each, and writes nothing", async () => {
    emulator.clearRequests();

    const steps = await stack.previewSteps();

    expect(steps.map((step) => [step.op, step.urn.replace(/^.*::/, "")]).sort()).toEqual([
      ["read", "keyedHook"],
      ["read", "lobby"],
      ["read", "origins"],
      ["read", "recordHook"],
    ]);
    expect(writeActions(emulator)).toEqual([]);
  });

  it("up records each as external, with outputs read from the service, exported as stack outputs", async () => {
    emulator.clearRequests();

    await stack.up();

    const outputs = JSON.parse((await stack.expectSuccess(["stack", "output", "--json", "--show-secrets"])).stdout);
    expect(outputs).toEqual({
      resourceIds: { lobby: RELAY_ID, origins: GROUP_ID, recordHook: CALLBACK_ID, keyedHook: CALLBACK_ID },
      relayTaskIds: {},
      readOutputs: {
        lobby: {
          id: RELAY_ID,
          domain: DOMAIN,
          app: "live",
          stream: "lobby",
          sourceUrls: ["rtmp://studio.example.com/live/lobby"],
          taskId: "1612000000001",
          adopt: false,
        },
        origins: {
          id: GROUP_ID,
          vhost: VHOST,
          app: "live",
          group: "origins",
          servers: [{ protocol: "flv", domain: "origin.example.com:8080", params: {} }],
          adopt: false,
        },
        recordHook: {
          id: CALLBACK_ID,
          vhost: VHOST,
          app: "live",
          messageType: "record",
          callbacks: [{ url: "https://hooks.example.com/record", type: "http" }],
          transcodeCallback: false,
          authEnabled: true,
          authKey: CONSOLE_KEY,
          adopt: false,
        },
        keyedHook: expect.objectContaining({ id: CALLBACK_ID, authKey: CONSOLE_KEY }),
      },
    });
    const resources = await stack.recordedResources();
    for (const [name, kind] of [
      ["lobby", "FixedRelayV4"],
      ["origins", "RelayGroupV3"],
      ["recordHook", "LiveCallback"],
    ] as const) {
      expect(resources.find((resource) => resource.urn.endsWith(urnOf(kind, name)))).toMatchObject({
        external: true,
      });
    }
    expect(writeActions(emulator)).toEqual([]);
  });

  it("keeps the callback key a secret: in the stack outputs, and nowhere in plaintext in the state file", async () => {
    const outputs = await stack.outputs();
    expect((outputs.readOutputs as Record<string, unknown>).recordHook).toBe("[secret]");

    const state = stack.stateFileBytes().toString("utf8");
    expect(state).not.toContain(CONSOLE_KEY);
    expect(state).not.toContain(STATE_KEY);
  });

  it("reads the service again on each up: a change made in the console shows in the outputs", async () => {
    setAccount(emulator, (account) => (account.relaySourcesV4[0]!.SrcAddrS = ["srt://backup.example.com:9000"]));

    await stack.up();

    const outputs = JSON.parse((await stack.expectSuccess(["stack", "output", "--json", "--show-secrets"])).stdout);
    expect(outputs.readOutputs.lobby.sourceUrls).toEqual(["srt://backup.example.com:9000"]);
  });

  it("refresh reads them again and keeps them, the callback key still nowhere in plaintext", async () => {
    emulator.clearRequests();

    await stack.refresh();

    const names = (await stack.recordedResources()).map((resource) => resource.urn.replace(/^.*::/, ""));
    expect(names).toEqual(expect.arrayContaining(["lobby", "origins", "recordHook", "keyedHook"]));
    expect(writeActions(emulator)).toEqual([]);
    const state = stack.stateFileBytes().toString("utf8");
    expect(state).not.toContain(CONSOLE_KEY);
    expect(state).not.toContain(STATE_KEY);
  });

  it("destroy leaves every configuration read by get in the service", async () => {
    const before = accountOf(emulator);
    emulator.clearRequests();

    await stack.destroy();

    expect(writeActions(emulator)).toEqual([]);
    expect(accountOf(emulator)).toEqual(before);
    expect(await stack.recordedResources()).toEqual([]);
  });

  it("a get of an ID where nothing exists fails, naming the kind and the ID, and records nothing", async () => {
    const missing = `${DOMAIN}:live:nothing`;
    stack.setResources({ ghost: { kind: "FixedRelayV4", getId: missing, args: {} } });

    const result = await stack.expectFailure(["up", "--yes", "--skip-preview"]);

    expect(result.output).toContain(new ConfigurationNotFoundError("FixedRelayV4", missing).message);
    expect(result.output).not.toMatch(/ at \S+ \(/); // no stack trace
    const recorded = await stack.recordedResources();
    expect(recorded.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
  });

  it("a get of an ID of the wrong form fails in preview, saying the form", async () => {
    stack.setResources({ stray: { kind: "LiveCallback", getId: `${VHOST}:live:record`, args: {} } });

    const result = await stack.expectFailure(["preview"]);

    expect(result.output).toContain(
      `LiveCallback ID "${VHOST}:live:record" is not of the form vhost:<vhost>:<app>:<messageType> or ` +
        "domain:<domain>::<messageType>",
    );
  });
});
