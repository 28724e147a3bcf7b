import { startEmulator, type RunningEmulator } from "../../emulator";
import { E2eStack, type CommandResult, type ResourceSpecs } from "../../scripts/lib/E2eStack";

/**
 * What a Pulumi user reads when something around the resources is wrong: the message that says what to do, once
 * per resource, without the provider's stack trace, and naming settings the way the user gave them.
 */

const VHOST = "push.e2e-messages.example.com";
const SPECS: ResourceSpecs = {
  relay: {
    kind: "FixedRelayV4",
    args: {
      domain: "play.e2e-messages.example.com",
      app: "live",
      stream: "s1",
      sourceUrls: ["rtmp://origin.example.com/live/s1"],
    },
  },
  group: {
    kind: "RelayGroupV3",
    args: { vhost: VHOST, app: "live", group: "g1", servers: [{ protocol: "rtmp", domain: "origin.example.com" }] },
  },
  hook: {
    kind: "LiveCallback",
    args: { vhost: VHOST, app: "live", messageType: "push", callbacks: [{ url: "https://hooks.example.com/p" }] },
  },
};
const CREDENTIALS_MISSING = "Volcengine credentials are missing";

/** Lines of a stack trace: `    at fn (file:line:col)`. */
function stackTraceLines(result: CommandResult): string[] {
  return result.output.split("\n").filter((line) => /^\s+at\s/.test(line));
}

function occurrences(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}

describe("messages through the real CLI", () => {
  let emulator: RunningEmulator;
  const stacks: E2eStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    for (const stack of stacks) stack.dispose();
    await emulator?.stop();
  });

  async function stack(name: string, options: Parameters<typeof E2eStack.create>[2] = {}): Promise<E2eStack> {
    const created = await E2eStack.create(name, emulator, options);
    stacks.push(created);
    return created;
  }

  it("refresh and destroy without credentials give the message for each resource and no stack trace", async () => {
    const s = await stack("no-credentials");
    s.setResources(SPECS);
    await s.up();
    s.setEnvironment({ VOLCENGINE_ACCESS_KEY: undefined, VOLCENGINE_SECRET_KEY: undefined });

    for (const command of [
      ["refresh", "--yes", "--skip-preview"],
      ["destroy", "--yes", "--skip-preview"],
    ]) {
      const result = await s.expectFailure(command);
      expect(stackTraceLines(result)).toEqual([]);
      expect(result.output).not.toContain("/dist/provider/");
      // Each resource reports the message: as the provider's output and as its error, in progress and diagnostics.
      expect(occurrences(result.output, CREDENTIALS_MISSING)).toBe(15);
      expect(result.output).toContain("volcengine:accessKey");
      // About 50 lines in all; the stack traces added 20 lines per resource.
      expect(result.output.trim().split("\n").length).toBeLessThan(60);
    }

    s.setEnvironment({
      VOLCENGINE_ACCESS_KEY: emulator.credentials.accessKeyId,
      VOLCENGINE_SECRET_KEY: emulator.credentials.secretAccessKey,
    });
    await s.destroy();
  });

  it("a plain http:// endpoint is refused naming the stack config key, or the variable, it came from", async () => {
    emulator.reset();
    const s = await stack("http-endpoint");
    s.setResources({ relay: SPECS.relay! });

    await s.expectSuccess(["config", "set", "volcengine:endpoint", "http://live.example.com"]);
    const fromConfig = await s.expectFailure(["up", "--yes", "--skip-preview"]);
    expect(fromConfig.output).toContain("stack config volcengine:endpoint uses plain http://");
    expect(fromConfig.output).not.toContain("endpoint option");

    await s.expectSuccess(["config", "rm", "volcengine:endpoint"]);
    s.setEnvironment({ VOLCENGINE_LIVE_ENDPOINT: "http://live.example.com" });
    const fromEnvironment = await s.expectFailure(["up", "--yes", "--skip-preview"]);
    expect(fromEnvironment.output).toContain("VOLCENGINE_LIVE_ENDPOINT uses plain http://");
    expect(fromEnvironment.output).not.toContain("endpoint option");
    expect(emulator.requests().requests).toEqual([]);
  });

  it("destroy after the package was removed from the program directory says to reinstall it", async () => {
    emulator.reset();
    const s = await stack("package-removed", { ownNodeModules: true });
    s.setResources(SPECS);
    await s.up();

    s.removePackage();
    const result = await s.expectFailure(["destroy", "--yes", "--skip-preview"]);
    expect(occurrences(result.output, "must stay installed until its resources are destroyed")).toBeGreaterThan(0);
    expect(result.output).toContain(
      "must stay installed until its resources are destroyed: npm install pulumi-volcengine-live",
    );
    // The loader's first line says what was missing; its require stack stays out.
    expect(result.output).not.toContain("Require stack");
    expect(stackTraceLines(result)).toEqual([]);

    s.reinstallPackage();
    await s.destroy();
    const account = emulator.state().accounts[emulator.credentials.accessKeyId]!;
    expect(account.relaySourcesV4).toEqual([]);
    expect(account.callbacks).toEqual([]);
    expect(account.relaySourcesV3.flatMap((config) => config.GroupDetails)).toEqual([]);
  });
});
