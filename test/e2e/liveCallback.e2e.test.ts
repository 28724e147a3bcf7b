import { startEmulator, type RunningEmulator } from "../../emulator";
import type { CallbackConfig } from "../../emulator/world/WorldState";
import { E2eStack, urnOf, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const VHOST = "push.e2e-callback.example.com";
const FIRST_KEY = "e2e-callback-key-first";
const SECOND_KEY = "e2e-callback-key-second";
/** The callbacks declared from the update on. */
const UPDATED_CALLBACKS = [
  { url: "https://hooks.example.com/live/push-v2" },
  { url: "http://backup.example.com/hook" },
];
const UPDATED_DETAILS = [
  { CallbackType: "http", URL: "https://hooks.example.com/live/push-v2" },
  { CallbackType: "http", URL: "http://backup.example.com/hook" },
];

function callbackSpec(overrides: Record<string, unknown> = {}): ResourceSpecs {
  return {
    hook: {
      kind: "LiveCallback",
      args: {
        vhost: VHOST,
        app: "live",
        messageType: "push",
        callbacks: [{ url: "https://hooks.example.com/live/push" }],
        authEnabled: true,
        authKey: "$authKey",
        ...overrides,
      },
    },
  };
}

describe("LiveCallback under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  const callbacks = (): CallbackConfig[] =>
    emulator.state().accounts[emulator.credentials.accessKeyId]?.callbacks ?? [];
  const callbackOf = (messageType: string) =>
    callbacks().find((config) => config.Vhost === VHOST && config.App === "live" && config.MessageType === messageType);
  const setAuthKey = (value: string) => stack.expectSuccess(["config", "set", "--secret", "authKey", value]);
  const urnsInState = async (): Promise<string[]> => {
    const exported = JSON.parse((await stack.expectSuccess(["stack", "export"])).stdout);
    return exported.deployment.resources.map((resource: { urn: string }) => resource.urn);
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = await E2eStack.create("live-callback", emulator);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("creates the callback on up with the key from secret config, shows no changes right after, and outputs its ID", async () => {
    await setAuthKey(FIRST_KEY);
    stack.setResources(callbackSpec());
    await stack.up();

    expect(callbacks()).toEqual([
      expect.objectContaining({
        Vhost: VHOST,
        Domain: "",
        App: "live",
        MessageType: "push",
        CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/live/push" }],
        TranscodeCallback: 0,
        AuthEnable: true,
        AuthKeyPrimary: FIRST_KEY,
      }),
    ]);
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
    expect(await stack.outputs()).toMatchObject({ resourceIds: { hook: `vhost:${VHOST}:live:push` } });
    expect(stack.stateFileBytes().includes(FIRST_KEY)).toBe(false);
    expect(await stack.recordedOutputs("hook")).toMatchObject({ authEnabled: true });
  });

  it("previews a change of URLs and key as an update of exactly that resource, and applies it in place", async () => {
    const createdAt = callbackOf("push")!.CreateTimeUTC;
    await setAuthKey(SECOND_KEY);
    stack.setResources(callbackSpec({ callbacks: UPDATED_CALLBACKS }));

    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("LiveCallback", "hook")) }),
    ]);
    emulator.clearRequests();
    await stack.up();

    expect(callbackOf("push")).toMatchObject({
      CallbackDetailList: UPDATED_DETAILS,
      AuthEnable: true,
      AuthKeyPrimary: SECOND_KEY,
      CreateTimeUTC: createdAt,
    });
    const actions = emulator.requests().requests.map((entry) => entry.action);
    expect(actions).toContain("UpdateCallback");
    expect(actions).not.toContain("DeleteCallback");
    expect(await stack.outputs()).toMatchObject({ resourceIds: { hook: `vhost:${VHOST}:live:push` } });
    expect(stack.stateFileBytes().includes(SECOND_KEY)).toBe(false);
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("previews a change of message type as a replace, and creates the new configuration before deleting the old", async () => {
    stack.setResources(callbackSpec({ messageType: "push_end", callbacks: UPDATED_CALLBACKS }));

    const steps = await stack.previewSteps();
    expect(steps.map((step) => step.op)).toEqual(expect.arrayContaining(["replace"]));
    expect(steps.every((step) => step.urn.endsWith(urnOf("LiveCallback", "hook")))).toBe(true);
    emulator.clearRequests();
    await stack.up();

    const { requests } = emulator.requests();
    const writes = requests.filter((entry) => entry.action === "UpdateCallback");
    const deletes = requests.filter((entry) => entry.action === "DeleteCallback");
    expect(writes.map((entry) => [entry.keys.MessageType, entry.status])).toEqual([["push_end", 200]]);
    expect(deletes.map((entry) => [entry.keys.App, entry.keys.MessageType, entry.status])).toEqual([
      ["live", "push", 200],
    ]);
    expect(writes[0]!.seq).toBeLessThan(deletes[0]!.seq);

    expect(callbacks().map((config) => config.MessageType)).toEqual(["push_end"]);
    expect(callbackOf("push_end")).toMatchObject({
      CallbackDetailList: UPDATED_DETAILS,
      AuthEnable: true,
      AuthKeyPrimary: SECOND_KEY,
    });
    expect(await stack.outputs()).toMatchObject({ resourceIds: { hook: `vhost:${VHOST}:live:push_end` } });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("drops a callback deleted out of band on refresh, and recreates it on up", async () => {
    const state = emulator.state();
    const account = state.accounts[emulator.credentials.accessKeyId]!;
    account.callbacks = account.callbacks.filter((config) => config.Vhost !== VHOST);
    emulator.setState(state);

    await stack.refresh();
    expect((await urnsInState()).some((urn) => urn.endsWith(urnOf("LiveCallback", "hook")))).toBe(false);

    await stack.up();
    expect(callbackOf("push_end")).toMatchObject({
      CallbackDetailList: UPDATED_DETAILS,
      AuthEnable: true,
      AuthKeyPrimary: SECOND_KEY,
    });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("records an out-of-band edit on refresh, previews the correction, and restores it on up", async () => {
    const state = emulator.state();
    const config = state.accounts[emulator.credentials.accessKeyId]!.callbacks.find(
      (candidate) => candidate.Vhost === VHOST && candidate.MessageType === "push_end",
    )!;
    config.CallbackDetailList = [{ CallbackType: "http", URL: "https://rogue.example.com/steal" }];
    emulator.setState(state);

    await stack.refresh();
    expect((await stack.recordedOutputs("hook")).callbacks).toEqual([
      { url: "https://rogue.example.com/steal", type: "http" },
    ]);
    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("LiveCallback", "hook")) }),
    ]);

    await stack.up();
    expect(callbackOf("push_end")).toMatchObject({
      CallbackDetailList: UPDATED_DETAILS,
      AuthKeyPrimary: SECOND_KEY,
    });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("fails preview on bad inputs, naming each property and its rule, without calling the API", async () => {
    stack.setResources(
      callbackSpec({
        messageType: "snapshot",
        callbacks: [{ url: "ftp://hooks.example.com/live/push" }],
        transcodeCallback: true,
      }),
    );
    emulator.clearRequests();

    const result = await stack.expectFailure(["preview"]);

    expect(result.output).toMatch(
      /property callbacks value .* has a problem: callbacks\[0\]\.url: must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(result.output).toMatch(
      /property transcodeCallback value .* has a problem: applies only to the push and push_end message types/,
    );
    expect(emulator.requests().requests).toHaveLength(0);
  });

  it("leaves the account without callbacks after destroy", async () => {
    stack.setResources(callbackSpec({ messageType: "push_end", callbacks: UPDATED_CALLBACKS }));
    expect(callbacks()).toHaveLength(1);
    await stack.destroy();

    expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.callbacks).toEqual([]);
  });
});
