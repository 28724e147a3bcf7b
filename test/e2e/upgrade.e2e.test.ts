import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { E2eStack, type ResourceSpecs } from "../../scripts/lib/E2eStack";
import { e2eWorkspace } from "../../scripts/lib/e2eWorkspace";

const MARKER_ENV = "VOLC_LIVE_E2E_UPGRADE_MARKER";

function exec(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Installs a package tarball into <project>/node_modules/pulumi-volcengine-live, replacing what was there. */
function installInto(project: string, tarball: string): void {
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-unpack-"));
  exec("tar", ["-xzf", tarball, "-C", unpacked], project);
  const target = path.join(project, "node_modules", "pulumi-volcengine-live");
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(path.join(unpacked, "package"), target);
  fs.rmSync(unpacked, { recursive: true, force: true });
}

/**
 * The next release, as far as this test can tell: the packed package with one line added to the implementation
 * module, which records each process that loads it, and packed again.
 */
function packMarkedRelease(tarball: string, into: string): string {
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-release-"));
  exec("tar", ["-xzf", tarball, "-C", unpacked], into);
  const root = path.join(unpacked, "package");
  const implementation = path.join(root, "dist", "provider", "resources", "handler.js");
  fs.appendFileSync(
    implementation,
    `\nif (process.env.${MARKER_ENV}) require("fs").appendFileSync(process.env.${MARKER_ENV}, "next-release " + process.pid + "\\n");\n`,
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  manifest.version = `${manifest.version}-next`;
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify(manifest, null, 2));
  const name = exec("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", into], root)
    .trim()
    .split("\n")
    .pop()!;
  fs.rmSync(unpacked, { recursive: true, force: true });
  return path.join(into, name);
}

describe("upgrading the package under an existing stack", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack;
  let marker: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = await E2eStack.create("upgrade", emulator);
    marker = path.join(stack.directory, "loaded-by.txt");
    stack.setEnvironment({ [MARKER_ENV]: marker });
    installInto(stack.directory, e2eWorkspace().tarball);
  });
  afterAll(async () => {
    stack?.dispose();
    await emulator?.stop();
  });

  it("refreshes and destroys resources created by the previous release with the new release's code", async () => {
    const specs: ResourceSpecs = {
      relay: {
        kind: "FixedRelayV4",
        args: {
          domain: "play.e2e-upgrade.example.com",
          app: "live",
          stream: "s1",
          sourceUrls: ["rtmp://o.example.com/live/s1"],
        },
      },
      group: {
        kind: "RelayGroupV3",
        args: {
          vhost: "push.e2e-upgrade.example.com",
          app: "live",
          group: "g",
          servers: [{ protocol: "rtmp", domain: "o.example.com" }],
        },
      },
      hook: {
        kind: "LiveCallback",
        args: {
          vhost: "push.e2e-upgrade.example.com",
          app: "live",
          messageType: "push",
          callbacks: [{ url: "https://hooks.example.com/p" }],
        },
      },
    };
    stack.setResources(specs);
    await stack.up();
    const providerBefore = (await stack.recordedOutputs("relay")).__provider;
    expect(fs.existsSync(marker)).toBe(false);

    installInto(stack.directory, packMarkedRelease(e2eWorkspace().tarball, stack.directory));

    // Neither refresh nor destroy runs the program: only the provider code from state can load the new release.
    await stack.refresh();
    const afterRefresh = fs.readFileSync(marker, "utf8");
    expect(afterRefresh).toMatch(/^next-release \d+\n/);
    expect((await stack.recordedOutputs("relay")).__provider).toBe(providerBefore);

    await stack.destroy();
    expect(fs.readFileSync(marker, "utf8").split("\n").filter(Boolean).length).toBeGreaterThan(
      afterRefresh.split("\n").filter(Boolean).length,
    );
    const account = emulator.state().accounts[emulator.credentials.accessKeyId]!;
    expect(account.relaySourcesV4).toEqual([]);
    expect(account.callbacks).toEqual([]);
    expect(account.relaySourcesV3.flatMap((config) => config.GroupDetails)).toEqual([]);
  });
});
