import { startEmulator, type RunningEmulator } from "../../emulator";
import type { RelaySourceV3Config } from "../../emulator/world/WorldState";
import { E2eStack, urnOf, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const VHOST = "push.e2e-v3.example.com";

function groupSpec(overrides: Record<string, unknown> = {}): ResourceSpecs {
  return {
    origins: {
      kind: "RelayGroupV3",
      args: {
        vhost: VHOST,
        app: "live",
        group: "primary",
        servers: [{ protocol: "rtmp", domain: "origin-a.example.com:1935" }],
        ...overrides,
      },
    },
  };
}

describe("RelayGroupV3 under the real Pulumi CLI", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;

  const configs = (): RelaySourceV3Config[] =>
    emulator.state().accounts[emulator.credentials.accessKeyId]?.relaySourcesV3 ?? [];
  const serversOf = (app: string, group: string) =>
    configs()
      .find((config) => config.Vhost === VHOST && config.App === app)
      ?.GroupDetails.find((detail) => detail.Group === group)?.Servers;

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = await E2eStack.create("relay-group-v3", emulator);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("creates the group on up, shows no changes right after, and outputs its ID", async () => {
    stack.setResources(groupSpec());
    await stack.up();

    expect(serversOf("live", "primary")).toEqual([
      { RelaySourceDomain: "origin-a.example.com:1935", RelaySourceProtocol: "rtmp" },
    ]);
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
    expect(await stack.outputs()).toMatchObject({ resourceIds: { origins: `${VHOST}:live:primary` } });
  });

  it("previews a change of servers as an update of exactly that resource, and applies it", async () => {
    const servers = [
      { protocol: "flv", domain: "origin-b.example.com", params: { token: "t1" } },
      { protocol: "rtmp", domain: "origin-a.example.com:1935" },
    ];
    stack.setResources(groupSpec({ servers }));

    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("RelayGroupV3", "origins")) }),
    ]);
    await stack.up();
    expect(serversOf("live", "primary")).toEqual([
      { RelaySourceDomain: "origin-b.example.com", RelaySourceProtocol: "flv", RelaySourceParams: { token: "t1" } },
      { RelaySourceDomain: "origin-a.example.com:1935", RelaySourceProtocol: "rtmp" },
    ]);
  });

  it("previews a change of group as a replace, and applies it", async () => {
    stack.setResources(groupSpec({ group: "secondary" }));

    const steps = await stack.previewSteps();
    expect(steps.map((step) => step.op)).toEqual(expect.arrayContaining(["replace"]));
    expect(steps.every((step) => step.urn.endsWith(urnOf("RelayGroupV3", "origins")))).toBe(true);
    await stack.up();

    expect(serversOf("live", "secondary")).toEqual([
      { RelaySourceDomain: "origin-a.example.com:1935", RelaySourceProtocol: "rtmp" },
    ]);
    expect(serversOf("live", "primary")).toBeUndefined();
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("drops a group deleted out of band on refresh, and recreates it on up", async () => {
    const state = emulator.state();
    const account = state.accounts[emulator.credentials.accessKeyId]!;
    account.relaySourcesV3 = account.relaySourcesV3.filter((config) => config.Vhost !== VHOST);
    emulator.setState(state);

    await stack.refresh();
    const exported = JSON.parse((await stack.expectSuccess(["stack", "export"])).stdout);
    const urns: string[] = exported.deployment.resources.map((resource: { urn: string }) => resource.urn);
    expect(urns.some((urn) => urn.endsWith(urnOf("RelayGroupV3", "origins")))).toBe(false);

    await stack.up();
    expect(serversOf("live", "secondary")).toHaveLength(1);
    await stack.expectSuccess(["preview", "--expect-no-changes"]);
  });

  it("records an out-of-band edit on refresh, previews the correction, and restores it on up", async () => {
    const state = emulator.state();
    const config = state.accounts[emulator.credentials.accessKeyId]!.relaySourcesV3.find(
      (candidate) => candidate.Vhost === VHOST && candidate.App === "live",
    )!;
    config.GroupDetails[0]!.Servers = [{ RelaySourceDomain: "rogue.example.com", RelaySourceProtocol: "flv" }];
    emulator.setState(state);

    await stack.refresh();
    expect((await stack.recordedOutputs("origins")).servers).toEqual([
      { protocol: "flv", domain: "rogue.example.com", params: {} },
    ]);
    expect(await stack.previewSteps()).toEqual([
      expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("RelayGroupV3", "origins")) }),
    ]);

    await stack.up();
    expect(serversOf("live", "secondary")).toEqual([
      { RelaySourceDomain: "origin-a.example.com:1935", RelaySourceProtocol: "rtmp" },
    ]);
  });

  it("fails preview on a bad input, naming the property and the rule, without calling the API", async () => {
    stack.setResources(groupSpec({ servers: [{ protocol: "hls", domain: "origin-a.example.com" }] }));
    emulator.clearRequests();

    const result = await stack.expectFailure(["preview"]);

    expect(result.output).toMatch(/property servers value .* has a problem: servers\[0\]\.protocol/);
    expect(result.output).toMatch(/rtmp.*flv/);
    expect(emulator.requests().requests).toHaveLength(0);
  });

  it("leaves the account empty after destroy", async () => {
    stack.setResources(groupSpec({ group: "secondary" }));
    await stack.destroy();

    expect(configs().flatMap((config) => config.GroupDetails)).toEqual([]);
  });
});
