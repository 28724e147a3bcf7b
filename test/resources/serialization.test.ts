import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type RunningEmulator, startEmulator } from "../../emulator";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import { FixedRelayV4 } from "../../provider/resources/fixedRelayV4/FixedRelayV4";
import { LiveCallback } from "../../provider/resources/liveCallback/LiveCallback";
import { RelayGroupV3 } from "../../provider/resources/relayGroupV3/RelayGroupV3";
import { RESOURCE_TYPES } from "../../provider/resources/resourceTypes";
import { recordRegisterRequests } from "../../scripts/lib/recordRegisterRequests";

/**
 * The provider text Pulumi stores in state (`__provider`): a small constant per kind, loadable by the
 * dynamic-provider host's loader (require-from-string) in a fresh process from a program directory, with one shared
 * implementation behind all three kinds. Then the resource classes under Pulumi's mocks.
 */

const ROOT = join(__dirname, "..", "..");
const DIST_DYNAMIC = join(ROOT, "dist", "provider", "resources", "handler.js");
const REQUIRE_FROM_STRING = join(ROOT, "node_modules", "require-from-string");
const KINDS: readonly ResourceKind[] = ["FixedRelayV4", "LiveCallback", "RelayGroupV3"];
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

const PINNED_TEXT_SHA256: Record<ResourceKind, string> = {
  FixedRelayV4: "cd0508de21ac2689fb3fd79c675ecb2586f3b3392c29c428e7ab5134de270023",
  LiveCallback: "54b0d236d0be20f27584c73e6b886cdbcceff88f3b28d2922cf4e3d1f94a4c4b",
  RelayGroupV3: "c56d516bcb2794c48e0dd96f22b8006d11a57d5ad01c91d39bfc1e1b868707ea",
};

let emulator: RunningEmulator;
let programDir: string;
const texts = {} as Record<ResourceKind, string>;

beforeAll(async () => {
  // The test command builds before jest runs; a missing build is a failure, never a skip.
  if (!existsSync(DIST_DYNAMIC)) {
    throw new Error(`${DIST_DYNAMIC} is missing: run \`npm run build\` before these tests`);
  }
  emulator = await startEmulator({ rateLimit: 0 });

  for (const kind of KINDS) texts[kind] = RESOURCE_TYPES[kind].providerText;
  programDir = mkdtempSync(join(tmpdir(), "volc-live-program-"));
  mkdirSync(join(programDir, "node_modules"));
  symlinkSync(ROOT, join(programDir, "node_modules", "pulumi-volcengine-live"), "dir");
  writeFileSync(join(programDir, "providers.json"), JSON.stringify(texts));
  writeFileSync(join(programDir, "providers-0.1.0.json"), JSON.stringify(closuresOf010()));
});

/** The serialized closures 0.1.0 stored as each kind's `__provider`, from the committed 0.1.0 state fixture. */
function closuresOf010(): Record<ResourceKind, string> {
  const fixture = join(ROOT, "test", "e2e", "fixtures", "state-0.1.0", "deployment.json");
  const resources: Array<{ type: string; outputs?: { __provider?: string } }> = JSON.parse(
    readFileSync(fixture, "utf8"),
  ).deployment.resources;
  const closures = {} as Record<ResourceKind, string>;
  for (const kind of KINDS) {
    const text = resources.find((resource) => resource.type === RESOURCE_TYPES[kind].token)?.outputs?.__provider;
    if (text === undefined) throw new Error(`${fixture} has no ${kind}`);
    closures[kind] = text;
  }
  return closures;
}

afterAll(async () => {
  await emulator?.stop();
  if (programDir !== undefined) rmSync(programDir, { recursive: true, force: true });
});

describe.each(KINDS)("the %s provider text", (kind) => {
  it("is a constant of at most 400 bytes that only loads the installed package's entry point for its kind", () => {
    const text = texts[kind];
    expect(text.length).toBeLessThanOrEqual(400);
    expect(text.match(/require\(/g)).toEqual(["require("]);
    expect(text).toContain('require("pulumi-volcengine-live/dynamic")');
    expect(text).toContain(`.handler("${kind}")`);
  });

  it("is fixed forever: state stores it, so a changed text is a deliberate, reviewed change", () => {
    expect(createHash("sha256").update(texts[kind]).digest("hex")).toBe(PINNED_TEXT_SHA256[kind]);
  });
});

interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a script in a fresh Node process whose working directory is the program directory, like the host. */
function runInProgramDir(script: string, cwd = programDir): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("VOLCENGINE_") && !name.startsWith("NODE_OPTIONS")) env[name] = value;
  }
  const prelude = `
    const requireFromString = require(${JSON.stringify(REQUIRE_FROM_STRING)});
    const texts = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(join(programDir, "providers.json"))}, "utf8"));
    const load = (kind) => requireFromString(texts[kind]).handler();
    const closures = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(join(programDir, "providers-0.1.0.json"))}, "utf8"));
    const load010 = (kind) => requireFromString(closures[kind]).handler();
    const [url, accessKey, secretKey] = process.argv.slice(1);
    const values = { "volcengine:endpoint": url, "volcengine:accessKey": accessKey, "volcengine:secretKey": secretKey };
    const config = { get: (key) => values[key], require: (key) => values[key] };
    const relayInputs = {
      domain: "pull.example.com", app: "live", stream: "serialized",
      sourceUrls: ["rtmp://origin.example.com/live/serialized"],
      startTime: "2026-01-01T00:00:00Z", endTime: 1767312000,
      __provider: texts.FixedRelayV4,
    };
    const print = (value) => process.stdout.write(JSON.stringify(value));
  `;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        "-e",
        `${prelude}\n(async () => {\n${script}\n})().catch((error) => { console.error(error && error.stack || error); process.exit(3); });`,
        emulator.url,
        emulator.credentials.accessKeyId,
        emulator.credentials.secretAccessKey,
      ],
      { cwd, env, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function parsed(result: ChildResult): Record<string, unknown> {
  if (result.code !== 0) {
    throw new Error(`child process failed (exit ${String(result.code)}):\n${result.stderr}\n${result.stdout}`);
  }
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function relays() {
  return emulator.state().accounts[emulator.credentials.accessKeyId]?.relaySourcesV4 ?? [];
}

describe("the serialized provider loaded by the host's loader in a fresh process", () => {
  beforeEach(() => emulator.reset());

  it("configures from stack config, then checks and creates, reads, diffs and deletes a FixedRelayV4, a process per command", async () => {
    // up: a provider process that checks and creates
    const first = parsed(
      await runInProgramDir(`
        const relay = load("FixedRelayV4");
        await relay.configure({ config });
        const checked = await relay.check({}, relayInputs);
        const created = await relay.create(checked.inputs);
        print({ checked, created });
      `),
    );
    const expectedInputs = {
      domain: "pull.example.com",
      app: "live",
      stream: "serialized",
      sourceUrls: ["rtmp://origin.example.com/live/serialized"],
      startTime: 1_767_225_600,
      endTime: 1_767_312_000,
      adopt: false,
    };
    expect(first.checked).toEqual({ inputs: expectedInputs });
    expect(relays()).toHaveLength(1);
    const taskId = relays()[0]?.TaskId;
    expect(first.created).toEqual({ id: "pull.example.com:live:serialized", outs: { ...expectedInputs, taskId } });
    const created = first.created as { id: string; outs: Record<string, unknown> };

    // refresh, then an up with nothing changed: each a process of its own, with the provider text from state
    const refreshed = parsed(
      await runInProgramDir(`
        const relay = load("FixedRelayV4");
        await relay.configure({ config });
        print(await relay.read(${JSON.stringify(created.id)}, ${JSON.stringify(created.outs)}));
      `),
    );
    expect(refreshed).toEqual({
      id: "pull.example.com:live:serialized",
      props: { ...expectedInputs, taskId },
      inputs: expectedInputs,
    });
    const again = parsed(
      await runInProgramDir(`
        const relay = load("FixedRelayV4");
        await relay.configure({ config });
        const checked = await relay.check(${JSON.stringify(refreshed.inputs)}, relayInputs);
        print(await relay.diff(${JSON.stringify(created.id)}, ${JSON.stringify(refreshed.props)}, checked.inputs));
      `),
    );
    expect(again).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });

    // destroy
    const second = parsed(
      await runInProgramDir(`
        const relay = load("FixedRelayV4");
        await relay.configure({ config });
        await relay.delete(${JSON.stringify(created.id)}, ${JSON.stringify(created.outs)});
        print({ deleted: true });
      `),
    );
    expect(second).toEqual({ deleted: true });
    expect(relays()).toEqual([]);

    // Every call was signed with the configured key: the environment of the child had none.
    const { requests } = emulator.requests();
    expect(requests.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["ListRelaySourceV4", "CreateRelaySourceV4", "DeleteRelaySourceV4"]),
    );
    expect(requests.filter((entry) => entry.action === "CreateRelaySourceV4")).toHaveLength(1);
    expect(new Set(requests.map((entry) => entry.accessKeyId))).toEqual(new Set([emulator.credentials.accessKeyId]));
    expect(requests.every((entry) => entry.status === 200)).toBe(true);
  });

  it("serves resources whose state holds 0.1.0's serialized closure: it loads the installed implementation", async () => {
    const result = parsed(
      await runInProgramDir(`
        const relay = load010("FixedRelayV4");
        await relay.configure({ config });
        const checked = await relay.check({}, relayInputs);
        const created = await relay.create(checked.inputs);
        const read = await relay.read(created.id, created.outs);
        const viaText = load("FixedRelayV4");
        print({ checked, created, read, sameImplementation: typeof viaText.check === "function" });
      `),
    );
    const created = result.created as { id: string; outs: Record<string, unknown> };
    expect(created.id).toBe("pull.example.com:live:serialized");
    expect((result.read as { props: unknown }).props).toEqual(created.outs);
    expect(result.sameImplementation).toBe(true);
    expect(relays().map((relay) => relay.TaskId)).toEqual([created.outs.taskId]);
  });

  it("shares one implementation module between the three kinds (one runtime, one config)", async () => {
    // up: configured through one kind, checks and a create through the others
    const result = parsed(
      await runInProgramDir(`
        const relay = load("FixedRelayV4");
        const callback = load("LiveCallback");
        const group = load("RelayGroupV3");
        // Configured through one kind only.
        await relay.configure({ config });
        const groupCheck = await group.check({}, {
          vhost: "push.example.com", app: "live", group: "g1",
          servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
        });
        const callbackCheck = await callback.check({}, {
          vhost: "push.example.com", messageType: "push", callbacks: [{ url: "https://hooks.example.com/push" }],
        });
        // A call that needs credentials, through another kind: it works only with the shared runtime.
        const created = await callback.create(callbackCheck.inputs);
        const dynamicModules = Object.keys(require.cache).filter((path) =>
          path.replace(/\\\\/g, "/").endsWith("/dist/provider/resources/handler.js"));
        const dynamic = require(require.resolve("pulumi-volcengine-live/dynamic", { paths: [process.cwd()] }));
        print({
          groupFailures: groupCheck.failures ?? null,
          created,
          dynamicModules,
          sameRuntime: dynamic.providerFor("FixedRelayV4").runtime === dynamic.providerFor("LiveCallback").runtime
            && dynamic.providerFor("LiveCallback").runtime === dynamic.providerFor("RelayGroupV3").runtime,
          configuredEndpoint: dynamic.providerFor("RelayGroupV3").runtime.config.endpoint,
        });
      `),
    );
    expect(result.groupFailures).toBeNull();
    const created = result.created as { id: string; outs: Record<string, unknown> };
    expect(created.id).toBe("vhost:push.example.com::push");
    expect(result.dynamicModules).toHaveLength(1);
    expect(result.sameRuntime).toBe(true);
    expect(result.configuredEndpoint).toBe(emulator.url);
    expect(emulator.requests().counters.UpdateCallback?.requests).toBe(1);

    // destroy: configured through another kind again, the delete goes through the shared runtime
    parsed(
      await runInProgramDir(`
        const group = load("RelayGroupV3");
        const callback = load("LiveCallback");
        await group.configure({ config });
        await callback.delete(${JSON.stringify(created.id)}, ${JSON.stringify(created.outs)});
        print({ deleted: true });
      `),
    );
    expect(emulator.requests().counters.DeleteCallback?.requests).toBe(1);
    expect(emulator.state().accounts[emulator.credentials.accessKeyId]?.callbacks ?? []).toEqual([]);
  });

  it("resolves the implementation from the program directory: elsewhere it says to reinstall the package", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "volc-live-elsewhere-"));
    try {
      // The host loads the provider for each call (a failed load is not cached): each call fails the same way.
      const result = parsed(
        await runInProgramDir(
          `
          const failures = [];
          for (let call = 0; call < 2; call++) {
            try {
              load("FixedRelayV4");
              failures.push(null);
            } catch (error) {
              failures.push({ name: error.name, code: error.code, message: error.message, stack: error.stack });
            }
          }
          print({ failures });
        `,
          elsewhere,
        ),
      );
      const message =
        "pulumi-volcengine-live must stay installed until its resources are destroyed: npm install " +
        "pulumi-volcengine-live (Cannot find module 'pulumi-volcengine-live/dynamic')";
      const failure = { name: "Error", code: "VOLC_LIVE_ERR_CONFIGURATION", message };
      // The host prints `${error}: ${error.stack}` for a failed call: the code, not frames, follows the message.
      expect(result.failures).toEqual([
        { ...failure, stack: "VOLC_LIVE_ERR_CONFIGURATION" },
        { ...failure, stack: "VOLC_LIVE_ERR_CONFIGURATION" },
      ]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe("the resource classes under Pulumi's mocks", () => {
  const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
  const secretOutputs = new Map<string, string[]>();

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
          return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    // The mock API does not expose resource options: record them from the register requests.
    recordRegisterRequests((request) => secretOutputs.set(request.getName(), request.getAdditionalsecretoutputsList()));
  });

  function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
  }

  function registration(name: string) {
    const found = registered.find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`${name} was not registered`);
    return found;
  }

  it("registers the three type tokens pulumi-nodejs:dynamic/volcengine-live:<Type>", async () => {
    const relay = new FixedRelayV4("relay", {
      domain: "pull.example.com",
      app: "live",
      stream: "s1",
      sourceUrls: ["rtmp://origin.example.com/live/s1"],
    });
    const callback = new LiveCallback("callback", {
      vhost: "push.example.com",
      messageType: "push",
      callbacks: [{ url: "https://hooks.example.com/push" }],
    });
    const group = new RelayGroupV3("group", {
      vhost: "push.example.com",
      group: "g1",
      servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
    });
    await Promise.all([settled(relay.urn), settled(callback.urn), settled(group.urn)]);
    expect(registration("relay").type).toBe("pulumi-nodejs:dynamic/volcengine-live:FixedRelayV4");
    expect(registration("callback").type).toBe("pulumi-nodejs:dynamic/volcengine-live:LiveCallback");
    expect(registration("group").type).toBe("pulumi-nodejs:dynamic/volcengine-live:RelayGroupV3");
    expect(await settled(relay.urn)).toMatch(/::pulumi-nodejs:dynamic\/volcengine-live:FixedRelayV4::relay$/);
    // The stored provider is the kind's constant text: nothing is serialized.
    expect(registration("relay").inputs.__provider).toBe(texts.FixedRelayV4);
    expect(registration("callback").inputs.__provider).toBe(texts.LiveCallback);
    expect(registration("group").inputs.__provider).toBe(texts.RelayGroupV3);
  });

  it("makes LiveCallback's authKey a secret input and a secret output whatever the caller passes", async () => {
    const callback = new LiveCallback(
      "signed",
      {
        vhost: "push.example.com",
        messageType: "push_end",
        callbacks: [{ url: "https://hooks.example.com/end" }],
        authEnabled: true,
        authKey: "plain-auth-key-from-caller",
      },
      { additionalSecretOutputs: ["callbacks"] },
    );
    await settled(callback.urn);
    expect(registration("signed").inputs.authKey).toEqual({
      [SECRET_SIGNATURE]: SECRET_SIG_VALUE,
      value: "plain-auth-key-from-caller",
    });
    // Merged with, not replacing, the caller's own additionalSecretOutputs.
    expect(secretOutputs.get("signed")).toEqual(expect.arrayContaining(["authKey", "callbacks"]));
    expect(await pulumi.isSecret(callback.authKey)).toBe(true);

    const unsigned = new LiveCallback("unsigned", {
      vhost: "push.example.com",
      messageType: "record",
      callbacks: [{ url: "https://hooks.example.com/record" }],
    });
    await settled(unsigned.urn);
    expect(secretOutputs.get("unsigned")).toEqual(["authKey"]);
  });

  it("forwards every argument, misspelt ones too, for check to name (a JavaScript program has no type check)", async () => {
    const relay = new FixedRelayV4("misspelt-relay", {
      domain: "pull.example.com",
      app: "live",
      stream: "s4",
      sourceUrls: ["rtmp://origin.example.com/live/s4"],
      startTme: "2026-01-01T00:00:00Z",
    } as never);
    const group = new RelayGroupV3("misspelt-group", {
      vhost: "push.example.com",
      group: "g2",
      server: [{ protocol: "rtmp", domain: "origin.example.com" }],
    } as never);
    const callback = new LiveCallback("misspelt-callback", {
      vhost: "push.example.com",
      messageType: "push",
      callback: [{ url: "https://hooks.example.com/push" }],
    } as never);
    await Promise.all([settled(relay.urn), settled(group.urn), settled(callback.urn)]);
    expect(registration("misspelt-relay").inputs).toMatchObject({ startTme: "2026-01-01T00:00:00Z", adopt: false });
    expect(registration("misspelt-group").inputs).toMatchObject({ server: [expect.anything()], app: "" });
    expect(registration("misspelt-callback").inputs).toMatchObject({ callback: [expect.anything()], app: "" });
  });

  it("turns Date times of a FixedRelayV4 into Unix seconds (the engine would send a Date as {})", async () => {
    const relay = new FixedRelayV4("dated", {
      domain: "pull.example.com",
      app: "live",
      stream: "s2",
      sourceUrls: ["rtmp://origin.example.com/live/s2"],
      startTime: new Date("2026-01-01T00:00:00.900Z"),
      // An Output computed by apply (pulumi.output(date) itself would already be {} before the resource sees it).
      endTime: pulumi.output("2026-01-02T00:00:00Z").apply((text) => new Date(text)),
    });
    const promised = new FixedRelayV4("promised", {
      domain: "pull.example.com",
      app: "live",
      stream: "s3",
      sourceUrls: ["rtmp://origin.example.com/live/s3"],
      startTime: Promise.resolve(new Date("2026-01-01T00:00:00Z")),
      endTime: 1_767_312_000,
    });
    await Promise.all([settled(relay.urn), settled(promised.urn)]);
    expect(registration("dated").inputs.startTime).toBe(1_767_225_600);
    expect(registration("dated").inputs.endTime).toBe(1_767_312_000);
    expect(registration("promised").inputs.startTime).toBe(1_767_225_600);
    expect(await settled(relay.startTime)).toBe(1_767_225_600);
  });
});
