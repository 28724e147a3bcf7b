import { startEmulator, type RunningEmulator } from "../../emulator";
import type { RelaySourceV4Config } from "../../emulator/world/WorldState";
import { E2eStack, urnOf, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const DOMAIN = "play.e2e-v4.example.com";

function relaySpec(overrides: Record<string, unknown> = {}): ResourceSpecs {
  return {
    keynote: {
      kind: "FixedRelayV4",
      args: {
        domain: DOMAIN,
        app: "live",
        stream: "keynote",
        sourceUrls: ["rtmp://studio-a.example.com/live/keynote"],
        startTime: "2030-01-01T08:00:00Z",
        endTime: "2030-01-01T10:00:00Z",
        ...overrides,
      },
    },
  };
}

describe("FixedRelayV4 under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  const relays = (): RelaySourceV4Config[] =>
    emulator.state().accounts[emulator.credentials.accessKeyId]?.relaySourcesV4 ?? [];
  const relayOf = (stream: string) =>
    relays().find((relay) => relay.Domain === DOMAIN && relay.App === "live" && relay.Stream === stream);
  const recordedTaskIds = async () => (await stack.outputs()).relayTaskIds as Record<string, string>;
  const urnsInState = async (): Promise<string[]> => {
    const exported = JSON.parse((await stack.expectSuccess(["stack", "export"])).stdout);
    return exported.deployment.resources.map((resource: { urn: string }) => resource.urn);
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = await E2eStack.create("fixed-relay-v4", emulator);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("creates the relay on up, shows no changes right after, and outputs its ID and the service's TaskId", async () => {
    stack.setResources(relaySpec());
    await stack.up();

    expect(relays()).toEqual([
      {
        Domain: DOMAIN,
        App: "live",
        Stream: "keynote",
        SrcAddrS: ["rtmp://studio-a.example.com/live/keynote"],
        StartTime: 1893484800,
        EndTime: 1893492000,
        TaskId: expect.stringMatching(/^\d+$/),
      },
    ]);
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ resourceIds: { keynote: `${DOMAIN}:live:keynote` } });
    expect(outputs.relayTaskIds).toEqual({ keynote: relayOf("keynote")!.TaskId });
  });

  it("previews a change of source URLs and times as an update of exactly that resource, and keeps the TaskId", async () => {
    const taskId = relayOf("keynote")!.TaskId;
    stack.setResources(
      relaySpec({
        sourceUrls: ["srt://studio-b.example.com:9000?streamid=keynote", "rtmp://studio-a.example.com/live/keynote"],
        startTime: "2030-01-02T08:00:00+08:00",
        endTime: 1893556800,
      }),
    );

    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("FixedRelayV4", "keynote")) }),
    ]);
    await stack.up();

    expect(relayOf("keynote")).toEqual({
      Domain: DOMAIN,
      App: "live",
      Stream: "keynote",
      SrcAddrS: ["srt://studio-b.example.com:9000?streamid=keynote", "rtmp://studio-a.example.com/live/keynote"],
      StartTime: 1893542400,
      EndTime: 1893556800,
      TaskId: taskId,
    });
    expect(await recordedTaskIds()).toEqual({ keynote: taskId });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("previews a change of stream as a replace, and creates the new relay before deleting the old one", async () => {
    const oldTaskId = relayOf("keynote")!.TaskId;
    stack.setResources(relaySpec({ stream: "keynote-hd" }));

    const steps = await stack.previewSteps();
    expect(steps.map((step) => step.op)).toEqual(expect.arrayContaining(["replace"]));
    expect(steps.every((step) => step.urn.endsWith(urnOf("FixedRelayV4", "keynote")))).toBe(true);
    emulator.clearRequests();
    await stack.up();

    const { requests } = emulator.requests();
    const deletes = requests.filter((entry) => entry.action === "DeleteRelaySourceV4");
    const creates = requests.filter((entry) => entry.action === "CreateRelaySourceV4");
    expect(deletes.map((entry) => [entry.keys.Stream, entry.status])).toEqual([["keynote", 200]]);
    expect(creates.map((entry) => [entry.keys.Stream, entry.status])).toEqual([["keynote-hd", 200]]);
    // A new key never needs the old one gone first: a refused create must leave the old relay in place.
    expect(creates[0]!.seq).toBeLessThan(deletes[0]!.seq);

    expect(relays().map((relay) => relay.Stream)).toEqual(["keynote-hd"]);
    const newTaskId = relayOf("keynote-hd")!.TaskId;
    expect(newTaskId).not.toEqual(oldTaskId);
    expect(await stack.outputs()).toMatchObject({
      resourceIds: { keynote: `${DOMAIN}:live:keynote-hd` },
      relayTaskIds: { keynote: newTaskId },
    });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("drops a relay deleted out of band on refresh, and recreates it on up", async () => {
    const state = emulator.state();
    const account = state.accounts[emulator.credentials.accessKeyId]!;
    account.relaySourcesV4 = account.relaySourcesV4.filter((relay) => relay.Domain !== DOMAIN);
    emulator.setState(state);

    await stack.refresh();
    expect((await urnsInState()).some((urn) => urn.endsWith(urnOf("FixedRelayV4", "keynote")))).toBe(false);

    await stack.up();
    expect(relayOf("keynote-hd")).toMatchObject({
      SrcAddrS: ["rtmp://studio-a.example.com/live/keynote"],
      StartTime: 1893484800,
      EndTime: 1893492000,
    });
    expect(await recordedTaskIds()).toEqual({ keynote: relayOf("keynote-hd")!.TaskId });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("records an out-of-band edit on refresh, previews the correction, and restores it on up", async () => {
    const taskId = relayOf("keynote-hd")!.TaskId;
    const state = emulator.state();
    const relay = state.accounts[emulator.credentials.accessKeyId]!.relaySourcesV4.find(
      (candidate) => candidate.Domain === DOMAIN && candidate.Stream === "keynote-hd",
    )!;
    relay.SrcAddrS = ["rtmp://rogue.example.com/live/keynote"];
    emulator.setState(state);

    await stack.refresh();
    expect(await stack.recordedOutputs("keynote")).toMatchObject({
      sourceUrls: ["rtmp://rogue.example.com/live/keynote"],
      startTime: 1893484800,
      endTime: 1893492000,
      taskId,
    });
    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("FixedRelayV4", "keynote")) }),
    ]);

    await stack.up();
    expect(relayOf("keynote-hd")).toMatchObject({
      SrcAddrS: ["rtmp://studio-a.example.com/live/keynote"],
      TaskId: taskId,
    });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("takes startTime 0 / endTime 0, as the service lists a permanent relay: up makes it permanent, and refresh then preview shows no changes", async () => {
    const taskId = relayOf("keynote-hd")!.TaskId;
    stack.setResources(relaySpec({ stream: "keynote-hd", startTime: 0, endTime: 0 }));
    await stack.up();
    expect(relayOf("keynote-hd")).toMatchObject({ StartTime: 0, EndTime: 0, TaskId: taskId });
    await stack.expectSuccess(["preview", "--expect-no-changes"]);

    await stack.refresh();
    await stack.expectSuccess(["preview", "--expect-no-changes", "--diff"]);
    expect(await stack.recordedOutputs("keynote")).not.toHaveProperty("startTime");
  });

  it("fails preview on bad inputs, naming each property and its rule, without calling the API", async () => {
    stack.setResources(
      relaySpec({
        stream: "keynote-hd",
        sourceUrls: ["ftp://studio-a.example.com/live/keynote"],
        startTime: "2030-01-01T10:00:00Z",
        endTime: "2030-01-01T08:00:00Z",
      }),
    );
    emulator.clearRequests();

    const result = await stack.expectFailure(["preview"]);

    expect(result.output).toMatch(
      /property sourceUrls value .* has a problem: sourceUrls\[0\]: must be an rtmp:\/\/, rtmps:\/\/, http:\/\/, https:\/\/ or srt:\/\/ URL/,
    );
    expect(result.output).toMatch(/property endTime value .* has a problem: must be after startTime/);
    expect(emulator.requests().requests).toHaveLength(0);
  });

  it("leaves the account without fixed relays after destroy", async () => {
    stack.setResources(relaySpec({ stream: "keynote-hd" }));
    expect(relays()).toHaveLength(1);
    await stack.destroy();

    expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.relaySourcesV4).toEqual([]);
  });
});
