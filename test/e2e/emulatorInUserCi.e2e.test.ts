import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { startEmulator } from "../../emulator";
import { LiveClient } from "../../provider/client/LiveClient";
import { E2eStack } from "../../scripts/lib/E2eStack";
import { MarkdownDocument } from "../../scripts/lib/MarkdownDocument";
import { waitUntilProcessGone } from "../../scripts/lib/waitUntilProcessGone";
import { e2eWorkspace } from "../../scripts/lib/e2eWorkspace";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * The emulator as a user's CI starts it from the installed package, the two ways docs/emulator.md gives: `npx
 * volc-live-emulator` in a project that depends on the package, and `npx -p pulumi-volcengine-live
 * volc-live-emulator` outside one (here `-p` names the packed tarball: the package is not fetched from a registry).
 */

interface StartedEmulator {
  readonly url: string;
  readonly accessKeyId: string;
  readonly pid: number;
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
const emulatorPids = new Set<number>();

function killIfRunning(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  for (const pid of emulatorPids) killIfRunning(pid);
  for (const directory of temporaryDirectories) fs.rmSync(directory, { recursive: true, force: true });
});

/** Runs `npx <args>` in `cwd` and waits for the emulator's one ready line on stdout. */
async function startWithNpx(cwd: string, args: readonly string[]): Promise<StartedEmulator> {
  const child = spawn("npx", [...args, "--port", "0", "--quiet"], { cwd, stdio: "pipe" });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const end = stdout.indexOf("\n");
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    void exited.then((code) => reject(new Error(`npx ${args.join(" ")} exited (${code}): ${stderr}`)));
  });
  const ready = z.object({ url: z.string(), accessKeyId: z.string(), pid: z.number() }).parse(JSON.parse(line));
  emulatorPids.add(ready.pid);
  return {
    ...ready,
    // npx runs the command as its child and does not pass signals on: the ready line's pid is the emulator's own.
    stop: () => {
      process.kill(ready.pid, "SIGTERM");
      return exited;
    },
  };
}

/** A signed call with the documented development key pair, as the user's stack would make it. */
async function relaysOn(url: string): Promise<unknown> {
  const client = new LiveClient({
    endpoint: url,
    credentials: { accessKeyId: "AKLTemulatorDevelopmentKey", secretAccessKey: "emulator-development-secret" },
    env: {},
  });
  try {
    return await client.call("ListRelaySourceV4", { Domain: "play.example.com" }, { result: z.unknown() });
  } finally {
    await client.close();
  }
}

const EMPTY_LIST = { List: [], Pagination: { PageCur: 1, PageSize: 20, PageTotal: 0, TotalCount: 0 } };

it("in a project that depends on the package: `npx volc-live-emulator` answers signed calls; its pid stops it", async () => {
  const emulator = await startWithNpx(e2eWorkspace().directory, ["--no-install", "volc-live-emulator"]);
  expect(emulator.accessKeyId).toBe("AKLTemulatorDevelopmentKey");
  await expect(relaysOn(emulator.url)).resolves.toEqual(EMPTY_LIST);
  await expect(emulator.stop()).resolves.toBe(0);
});

it("outside any project: `npx -p pulumi-volcengine-live volc-live-emulator` does the same", async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "volc-live-outside-"));
  temporaryDirectories.push(outside);
  const emulator = await startWithNpx(outside, ["--yes", "-p", e2eWorkspace().tarball, "volc-live-emulator"]);
  await expect(relaysOn(emulator.url)).resolves.toEqual(EMPTY_LIST);
  await expect(emulator.stop()).resolves.toBe(0);
  expect(fs.readdirSync(outside)).toEqual([]);
});

/** The shell block under "Running it in your CI" in docs/emulator.md, with the one line for inside a project. */
function documentedCiScript(): string {
  const page = new MarkdownDocument(fs.readFileSync(path.join(REPO, "docs", "emulator.md"), "utf8"));
  const block = page.codeBlocks("Running it in your CI").find(({ language }) => language === "sh");
  if (block === undefined) throw new Error("docs/emulator.md has no sh block under 'Running it in your CI'");
  return block.code
    .split("\n")
    .filter((line) => !line.startsWith("npx -p "))
    .join("\n");
}

it("the documented CI script runs as written in a user's project: up against the emulator it starts, then stops it", async () => {
  // The stack's own environment points at an emulator in this process; the script must replace it with its own.
  const elsewhere = await startEmulator();
  try {
    const stack = await E2eStack.create("readme-ci", elsewhere);
    stack.setResources({
      relay: {
        kind: "FixedRelayV4",
        args: {
          domain: "play.example.com",
          app: "live",
          stream: "ci",
          sourceUrls: ["rtmp://origin.example.com/live/ci"],
        },
      },
    });
    await stack.shell("pulumi stack init ci-emulator --non-interactive");
    const result = await stack.shell(documentedCiScript());
    expect({ code: result.code, output: result.code === 0 ? "" : result.output.slice(-4000) }).toEqual({
      code: 0,
      output: "",
    });
    expect(result.output).toMatch(/FixedRelayV4 relay created/);
    expect(elsewhere.requests().requests).toEqual([]);
    const { pid } = z
      .object({ pid: z.number() })
      .parse(JSON.parse(fs.readFileSync(path.join(stack.directory, "emulator.json"), "utf8")));
    emulatorPids.add(pid);
    await expect(waitUntilProcessGone(pid)).resolves.toBe(true);
  } finally {
    await elsewhere.stop();
  }
});
