import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "provide-pulumi-cli.sh");
const SDK_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/pulumi")), "package.json"), "utf8"),
).version;

/** The shell tools the script uses before it looks for Go, linked into a directory of their own. */
function shellToolsWithoutGo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-tools-"));
  for (const tool of ["dirname", "cat", "sha256sum", "cut", "mkdir", "flock", "readlink", "rm", "node"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found) fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

/** Runs the script with PATH limited to `dirs` and the shell tools (so no Go), and an empty cache. */
function provide(dirs: string[]): { status: number | null; stdout: string; stderr: string } {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-cli-cache-"));
  const tools = shellToolsWithoutGo();
  try {
    const bash = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
    const result = spawnSync(bash, [SCRIPT], {
      encoding: "utf8",
      env: {
        HOME: os.homedir(),
        PATH: [...dirs, tools].join(path.delimiter),
        PULUMI_VOLCENGINE_LIVE_CACHE: cache,
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
    fs.rmSync(tools, { recursive: true, force: true });
  }
}

function fakeCli(version: string, plugins = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-fake-cli-"));
  fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  for (const plugin of plugins) fs.writeFileSync(path.join(dir, plugin), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

describe("scripts/provide-pulumi-cli.sh", () => {
  it("uses a pulumi on PATH at exactly the SDK's version with both plugins beside it, printing its directory", () => {
    const dir = fakeCli(`v${SDK_VERSION}`);
    const result = provide([dir]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n").pop()).toBe(fs.realpathSync(dir));
  });

  it("does not use a pulumi on PATH of another version, and says what to install when Go is missing", () => {
    const result = provide([fakeCli("v3.1.0")]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`Go is needed to build pulumi v${SDK_VERSION}`);
    expect(result.stderr).toContain("Install Go 1.25 or later");
  });

  it("does not use a matching pulumi whose language host is missing", () => {
    const result = provide([fakeCli(`v${SDK_VERSION}`, ["pulumi-resource-pulumi-nodejs"])]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Go is needed");
  });
});
