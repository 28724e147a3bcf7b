import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providePulumiCli } from "./providePulumiCli";
import { E2E_ENV } from "./e2eWorkspace";

const REPO = path.resolve(__dirname, "..", "..");

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function installedVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", name, "package.json"), "utf8")).version;
}

/** Runs `action` while holding a lock directory, so concurrent test runs prepare one workspace once. */
async function withDirectoryLock(lock: string, action: () => void): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) throw new Error(`${lock} is still held after 10 minutes; remove it if stale`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    action();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Before any end-to-end test: the real Pulumi CLI (built once, then cached), and a user's project directory with
 * this package installed from its `npm pack` tarball, next to @pulumi/pulumi at the CLI's version and TypeScript.
 * Each stack under test lives in a subdirectory of it. Any failure here fails the run: the suite never skips.
 */
export default async function prepareE2eWorkspace(): Promise<void> {
  const binDir = providePulumiCli();
  if (!fs.existsSync(path.join(REPO, "dist", "provider", "resources", "handler.js"))) {
    throw new Error("the package is not built: run `npm run build` before the end-to-end tests (npm test does)");
  }

  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-pack-"));
  const tarballName = run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir], REPO)
    .trim()
    .split("\n")
    .pop();
  const tarball = path.join(packDir, tarballName ?? "");
  const dependencies = {
    "@pulumi/pulumi": installedVersion("@pulumi/pulumi"),
    typescript: installedVersion("typescript"),
    "pulumi-volcengine-live": "file:./pulumi-volcengine-live.tgz",
  };
  const fingerprint = createHash("sha256")
    .update(fs.readFileSync(tarball))
    .update(JSON.stringify(dependencies))
    .digest("hex")
    .slice(0, 16);

  // A workspace for this exact tarball is reused by later runs: installing @pulumi/pulumi takes tens of seconds.
  const workspace = path.join(os.tmpdir(), `volc-live-e2e-${fingerprint}`);
  await withDirectoryLock(`${workspace}.lock`, () => {
    if (fs.existsSync(path.join(workspace, ".installed"))) return;
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.mkdirSync(workspace, { recursive: true });
    fs.copyFileSync(tarball, path.join(workspace, "pulumi-volcengine-live.tgz"));
    fs.writeFileSync(
      path.join(workspace, "package.json"),
      JSON.stringify({ name: "volc-live-e2e-workspace", private: true, dependencies }, null, 2),
    );
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], workspace);
    fs.writeFileSync(path.join(workspace, ".installed"), new Date().toISOString());
  });
  fs.rmSync(packDir, { recursive: true, force: true });

  process.env[E2E_ENV.binDir] = binDir;
  process.env[E2E_ENV.workspace] = workspace;
}
