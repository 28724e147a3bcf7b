/**
 * Upgrading from 0.1.0: a stack whose state 0.1.0 wrote (fixtures/state-0.1.0: its `pulumi stack export` and the
 * emulator's world at that moment, see the README there) is imported, and the package under test takes over. Each
 * resource's `__provider` in that state is 0.1.0's serialized closure. check and diff run the program's provider
 * text; read (refresh) and delete (destroy) run the one in the recorded outputs, which an unchanged resource keeps
 * from 0.1.0 whatever a later release's program declares. That closure requires `pulumi-volcengine-live/dynamic`
 * from the installed package and calls its `configure` and `providerFor(kind)`: the package under test must keep
 * answering them as 0.1.0 did.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/http/RequestLog";
import type { WorldState } from "../../emulator/world/WorldState";
import { E2eStack, type RecordedResource, type ResourceSpecs, urnOf } from "../../scripts/lib/E2eStack";

const FIXTURE = path.join(__dirname, "fixtures", "state-0.1.0");
/** The callback's auth key, in the fixture's secret stack config (see the fixture README). */
const AUTH_KEY = "upgrade-010-signing-key";
/** Makes the project `e2e-upgrade-from-010`, the one the fixture's URNs name. */
const STACK_NAME = "upgrade-from-010";

const readFixture = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURE, file), "utf8")) as T;

interface ExportedDeployment {
  deployment: { resources: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
}

/** A resource's recorded state, without the times and source positions the engine rewrites. */
const comparable = (resources: RecordedResource[]) =>
  Object.fromEntries(
    resources.map(({ urn, type, id, inputs, outputs }) => [urn, { type, id, inputs, outputs }] as const),
  );

const isRead = (entry: RequestLogEntry) => /^(Describe|List)/.test(entry.action) && !entry.applied;

/** The "Resources:" summary a command prints, e.g. "5 unchanged". */
const summary = (stdout: string) =>
  /\nResources:\n([\s\S]*?)\n\n/
    .exec(stdout)?.[1]
    ?.trim()
    .split(/\s*\n\s*/);

describe("a stack written by 0.1.0, imported, under the package under test", () => {
  const specs = readFixture<ResourceSpecs>("resources.json");
  const deployment = readFixture<ExportedDeployment>("deployment.json");
  const world = readFixture<WorldState>("world.json");
  /** The full URN of each declared resource, in this stack and project. */
  const urns = () =>
    Object.entries(specs).map(
      ([name, spec]) => `urn:pulumi:${stack.stackName}::${stack.project}::${urnOf(spec.kind, name)}`,
    );
  let scratch: string;
  let emulator: RunningEmulator;
  let stack: E2eStack;

  const account = () => emulator.state().accounts[emulator.credentials.accessKeyId]!;
  const requests = () => emulator.requests().requests;

  beforeAll(async () => {
    // The emulator starts from a copy of the fixture's world: it rewrites its state file after each change.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-upgrade-010-"));
    const stateFile = path.join(scratch, "world.json");
    fs.copyFileSync(path.join(FIXTURE, "world.json"), stateFile);
    emulator = await startEmulator({ stateFile });
    stack = await E2eStack.create(STACK_NAME, emulator);
    stack.setResources(specs);
    await stack.expectSuccess(["config", "set", "--secret", "authKey", AUTH_KEY]);
    await stack.importState(deployment);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("starts from 0.1.0's state: each resource's __provider is the serialized closure, the service holds each configuration", async () => {
    const prefix = `urn:pulumi:${stack.stackName}::${stack.project}::`;
    expect(deployment.deployment.resources.every((resource) => resource.urn.startsWith(prefix))).toBe(true);
    const recorded = await stack.recordedResources();
    for (const urn of urns()) {
      const resource = recorded.find((candidate) => candidate.urn === urn);
      expect(resource?.outputs?.__provider).toEqual(
        expect.stringContaining('require("pulumi-volcengine-live/dynamic")'),
      );
      expect(resource?.inputs?.__provider).toBe(resource?.outputs?.__provider);
    }
    expect(emulator.credentials.accessKeyId).toBe(Object.keys(world.accounts)[0]);
    expect(emulator.state()).toEqual(world);
    expect(account().callbacks[0]).toMatchObject({ AuthEnable: true, AuthKeyPrimary: AUTH_KEY });
  });

  it("previews no change: every step is `same`, and the service is only read", async () => {
    emulator.clearRequests();

    const steps = await stack.previewSteps({ showSames: true });

    // Every resource of the program, each `same`: nothing to create, update, replace or delete.
    expect(steps.map((step) => [step.op, step.urn]).sort()).toEqual(
      urns()
        .map((urn) => ["same", urn])
        .sort(),
    );
    expect(requests().filter((entry) => !isRead(entry))).toEqual([]);
  });

  it("refreshes with Describe and List calls only, and records exactly the imported state", async () => {
    const before = comparable(await stack.recordedResources());
    emulator.clearRequests();

    const result = await stack.refresh();

    expect(summary(result.stdout)).toEqual([`${urns().length + 1} unchanged`]);
    const actions = new Set(requests().map((entry) => entry.action));
    expect(requests().filter((entry) => !isRead(entry))).toEqual([]);
    expect(actions).toEqual(new Set(["ListRelaySourceV4", "DescribeRelaySourceV3", "DescribeCallback"]));
    expect(comparable(await stack.recordedResources())).toEqual(before);
    expect(emulator.state()).toEqual(world);
  });

  it("runs up with no write call and no replacement, keeping each ID and TaskId", async () => {
    const outputsBefore = await stack.outputs();
    emulator.clearRequests();

    const result = await stack.up();

    expect(requests().filter((entry) => !isRead(entry))).toEqual([]);
    // The resources and the stack itself.
    expect(summary(result.stdout)).toEqual([`${urns().length + 1} unchanged`]);
    expect(await stack.outputs()).toEqual(outputsBefore);
    expect(emulator.state()).toEqual(world);
  });

  it("destroys every configuration the stack holds and leaves the stack empty", async () => {
    emulator.clearRequests();

    await stack.destroy();

    const writes = requests()
      .filter((entry) => !isRead(entry))
      .map((entry) => `${entry.action} ${entry.status}`)
      .sort();
    expect(writes).toEqual([
      "DeleteCallback 200",
      "DeleteRelaySourceV3 200",
      "DeleteRelaySourceV4 200",
      "DeleteRelaySourceV4 200",
    ]);
    expect(account().relaySourcesV4).toEqual([]);
    expect(account().relaySourcesV3.flatMap((config) => config.GroupDetails)).toEqual([]);
    expect(account().callbacks).toEqual([]);
    expect(await stack.recordedResources()).toEqual([]);
  });
});
