/**
 * `npm run demo`: the quickstart stack (the root Pulumi.yaml) through the real Pulumi CLI, against the local
 * emulator, fully offline. It provides the CLI, starts the emulator with its state file in a temp directory, and
 * runs `pulumi up`, prints the stack outputs (taskId among them), checks `pulumi preview --expect-no-changes`, then
 * `pulumi destroy` and removes the stack. Nothing of the user's own Pulumi setup is read or written.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../emulator";
import { isolatedPulumiEnvironment } from "./lib/isolatedPulumiEnvironment";
import { providePulumiCli } from "./lib/providePulumiCli";

const REPO = path.resolve(__dirname, "..");
const STACK = "demo";

function step(message: string): void {
  process.stdout.write(`\n==> ${message}\n`);
}

/** Runs the CLI asynchronously: the emulator answers from this same process, so its event loop must stay free. */
function pulumi(args: string[], env: NodeJS.ProcessEnv, options: { capture?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, {
      cwd: REPO,
      env,
      stdio: options.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    });
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`pulumi ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/**
 * The program imports this package by name, and the provider process loads `pulumi-volcengine-live/dynamic` from
 * the program directory. A link from node_modules to the repository makes both resolve to this working tree's
 * build, as they would to an installed copy in a user's project.
 */
function linkPackageIntoNodeModules(): void {
  const link = path.join(REPO, "node_modules", "pulumi-volcengine-live");
  if (fs.existsSync(link) && fs.realpathSync(link) === fs.realpathSync(REPO)) return;
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(path.relative(path.dirname(link), REPO), link, "dir");
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO, "dist", "provider", "resources", "handler.js"))) {
    throw new Error("the package is not built: run `npm run build` (npm run demo does this first)");
  }
  step("Providing the Pulumi CLI");
  const binDir = providePulumiCli();
  linkPackageIntoNodeModules();

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-demo-"));
  fs.mkdirSync(path.join(temp, "backend"));
  let emulator: RunningEmulator | undefined;
  let stackCreated = false;
  let env: NodeJS.ProcessEnv | undefined;
  try {
    emulator = await startEmulator({ stateFile: path.join(temp, "emulator-state.json") });
    step(`Emulator listening on ${emulator.url} (state file ${path.join(temp, "emulator-state.json")})`);
    env = isolatedPulumiEnvironment({
      binDir,
      root: temp,
      passphrase: "volc-live-demo",
      extra: {
        VOLCENGINE_LIVE_ENDPOINT: emulator.url,
        VOLCENGINE_ACCESS_KEY: emulator.credentials.accessKeyId,
        VOLCENGINE_SECRET_KEY: emulator.credentials.secretAccessKey,
      },
    });

    step(`pulumi stack init ${STACK} (file backend and PULUMI_HOME in ${temp})`);
    await pulumi(["stack", "init", STACK], env);
    stackCreated = true;

    step("pulumi up --yes");
    await pulumi(["up", "--yes", "--stack", STACK], env);

    step("Stack outputs");
    const outputs = JSON.parse(await pulumi(["stack", "output", "--json", "--stack", STACK], env, { capture: true }));
    for (const [name, value] of Object.entries(outputs)) process.stdout.write(`  ${name}: ${JSON.stringify(value)}\n`);
    if (typeof outputs.taskId !== "string" || outputs.taskId === "") {
      throw new Error("the stack has no taskId output: the fixed relay's TaskId was not recorded");
    }

    step("pulumi preview --expect-no-changes");
    await pulumi(["preview", "--expect-no-changes", "--stack", STACK], env);

    step("pulumi destroy --yes");
    await pulumi(["destroy", "--yes", "--stack", STACK], env);
    const left = emulator.state().accounts[emulator.credentials.accessKeyId];
    const remaining = left ? left.relaySourcesV3.length + left.relaySourcesV4.length + left.callbacks.length : 0;
    if (remaining !== 0) throw new Error(`destroy left ${remaining} configs in the emulator`);

    step(`Done: taskId ${outputs.taskId}; the emulator is empty again`);
  } finally {
    if (stackCreated && env) {
      // Removes the stack and its Pulumi.demo.yaml from the repository root.
      // The emulator is no longer needed by then, so a blocking call is fine.
      await emulator?.stop();
      emulator = undefined;
      spawnSync("pulumi", ["stack", "rm", "--yes", "--force", STACK], { cwd: REPO, env, stdio: "ignore" });
    }
    await emulator?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
