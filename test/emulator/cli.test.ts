import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_CREDENTIALS } from "../../emulator/EmulatorOptions";
import { type RawResponse, rawSignedRequest, type SigningCredentials } from "../../scripts/lib/rawSignedRequest";

/** The compiled CLI: the test command runs `npm run build` before jest. */
const CLI = resolve(__dirname, "../../dist/emulator/cli.js");
const WAIT_MS = 10_000;

function requireCompiledCli(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run "npm run build" before jest (npm test does) so the CLI can be spawned`);
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly port: number;
  readonly readyLine: string;
  readonly ready: unknown;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<Exit>;
}

const children = new Set<ChildProcessWithoutNullStreams>();
const temporaryDirectories: string[] = [];

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function spawnCli(args: readonly string[]): {
  child: ChildProcessWithoutNullStreams;
  output: { stdout: string; stderr: string };
  exited: Promise<Exit>;
} {
  requireCompiledCli();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: "pipe" });
  children.add(child);
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<Exit>((resolveExit) =>
    child.on("close", (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
    }),
  );
  return { child, output, exited };
}

/** Runs the CLI to completion (for --help and bad flags). */
async function runCli(args: readonly string[]): Promise<Exit & { stdout: string; stderr: string }> {
  const { child, output, exited } = spawnCli(args);
  const timer = setTimeout(() => child.kill("SIGKILL"), WAIT_MS);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, ...output };
}

/** Starts the CLI and waits for its ready line. */
async function startCli(args: readonly string[]): Promise<RunningCli> {
  const { child, output, exited } = spawnCli(args);
  const readyLine = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ready line within ${WAIT_MS} ms; stderr: ${output.stderr}`));
    }, WAIT_MS);
    const check = () => {
      const end = output.stdout.indexOf("\n");
      if (end >= 0) {
        clearTimeout(timer);
        resolveLine(output.stdout.slice(0, end));
      }
    };
    child.stdout.on("data", check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code ?? signal}) before it was ready; stderr: ${output.stderr}`));
    });
  });
  const ready = JSON.parse(readyLine) as { url?: unknown };
  if (typeof ready.url !== "string") throw new Error(`ready line without url: ${readyLine}`);
  return {
    child,
    url: ready.url,
    port: Number(new URL(ready.url).port),
    readyLine,
    ready,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited,
  };
}

async function stopCli(cli: RunningCli, signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
  cli.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the CLI did not exit within ${WAIT_MS} ms of ${signal}`)), WAIT_MS);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves true when the port can be bound again on 127.0.0.1. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.once("error", () => resolveFree(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolveFree(true)));
  });
}

async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
}

function call(
  cli: RunningCli,
  action: string,
  body: unknown,
  credentials: SigningCredentials = DEFAULT_CREDENTIALS,
): Promise<RawResponse> {
  return rawSignedRequest({ url: cli.url, credentials, action, body });
}

it("the compiled CLI exists (npm run build ran)", () => {
  expect(() => requireCompiledCli()).not.toThrow();
});

describe("a running CLI", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "prints one JSON ready line, serves signed requests, logs to stderr, and exits 0 on %s",
    async (signal) => {
      const cli = await startCli(["--port", "0"]);
      expect(cli.ready).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
        pid: cli.child.pid,
      });
      expect(Object.keys(cli.ready as object)).toEqual(["url", "accessKeyId", "pid"]);
      expect(cli.port).toBeGreaterThan(0);

      const listed = await call(cli, "ListRelaySourceV4", { Domain: "play.example.com" });
      expect(listed.status).toBe(200);
      expect(listed.json?.Result).toEqual({
        List: [],
        Pagination: { PageCur: 1, PageSize: 20, PageTotal: 0, TotalCount: 0 },
      });
      const rejected = await call(
        cli,
        "ListRelaySourceV4",
        { Domain: "play.example.com" },
        {
          accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
          secretAccessKey: "wrong",
        },
      );
      expect(rejected.json?.ResponseMetadata?.Error?.Code).toBe("SignatureDoesNotMatch");
      await eventually(() => cli.stderr().includes("ListRelaySourceV4 401 SignatureDoesNotMatch"), "the log lines");
      expect(cli.stderr()).toContain("ListRelaySourceV4 200\n");

      expect(await stopCli(cli, signal)).toEqual({ code: 0, signal: null });
      expect(cli.stdout()).toBe(`${cli.readyLine}\n`);
      expect(cli.stderr()).toContain(`received ${signal}, stopping`);
      expect(await portIsFree(cli.port)).toBe(true);
    },
  );

  it("--credentials AK:SK (repeatable) replaces the default pair", async () => {
    const first = { accessKeyId: "AKLTcliFirstKey", secretAccessKey: "first-secret" };
    const second = { accessKeyId: "AKLTcliSecondKey", secretAccessKey: "second:secret:with:colons" };
    const cli = await startCli([
      "--port",
      "0",
      "--credentials",
      `${first.accessKeyId}:${first.secretAccessKey}`,
      "--credentials",
      `${second.accessKeyId}:${second.secretAccessKey}`,
    ]);
    try {
      expect(cli.ready).toEqual({ url: cli.url, accessKeyId: first.accessKeyId, pid: cli.child.pid });
      expect((await call(cli, "DescribeCallback", { Vhost: "push.example.com" }, first)).status).toBe(200);
      expect((await call(cli, "DescribeCallback", { Vhost: "push.example.com" }, second)).status).toBe(200);
      const withDefault = await call(cli, "DescribeCallback", { Vhost: "push.example.com" });
      expect(withDefault.status).toBe(401);
      expect(withDefault.json?.ResponseMetadata?.Error).toMatchObject({ Code: "InvalidAccessKey", CodeN: 100009 });
    } finally {
      expect(await stopCli(cli)).toEqual({ code: 0, signal: null });
    }
  });
});

describe("CLI flags", () => {
  it("--help prints the usage on stdout and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Usage: volc-live-emulator [options]");
    for (const flag of ["--port N", "--credentials AK:SK", "--state-file PATH", "--auth signature|access-key"]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    [["--v3-update", "sideways"], "--v3-update"],
    [["--port", "abc"], "--port"],
    [["--port", "70000"], "--port"],
    [["--auth", "none"], "--auth"],
    [["--credentials", "no-separator"], "--credentials"],
    [["--rate-limit", "-1"], "--rate-limit"],
    [["--no-such-flag"], "--no-such-flag"],
  ])("%j exits 2 with a message naming %s", async (args, flag) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(flag);
    expect(result.stderr).toMatch(/^volc-live-emulator: /);
  });

  it("a positional argument exits 2", async () => {
    const result = await runCli(["extra"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("'extra'");
  });

  it("a non-loopback --host exits 2", async () => {
    const result = await runCli(["--host", "0.0.0.0"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("loopback only (got host 0.0.0.0)");
  });
});

describe("--state-file", () => {
  const relay = (stream: string) => ({
    Domain: "play.example.com",
    App: "live",
    Stream: stream,
    SrcAddrS: [`rtmp://origin.example.com/live/${stream}`],
  });
  const v3 = {
    Vhost: "push.example.com",
    App: "live",
    GroupDetails: [
      { Group: "g1", Servers: [{ RelaySourceDomain: "origin.example.com:1935", RelaySourceProtocol: "rtmp" }] },
    ],
  };
  const callback = {
    Vhost: "push.example.com",
    App: "live",
    MessageType: "push",
    CallbackDetailList: [{ CallbackType: "http", URL: "http://hooks.example.com/push" }],
  };

  function newStateFile(): { directory: string; file: string } {
    const directory = mkdtempSync(join(tmpdir(), "volc-live-emulator-cli-"));
    temporaryDirectories.push(directory);
    return { directory, file: join(directory, "state.json") };
  }

  it("persists configs and the TaskId counter across a restart, rewriting valid JSON after each change", async () => {
    const { directory, file } = newStateFile();
    const args = ["--port", "0", "--state-file", file, "--rate-limit", "0", "--quiet"];
    // Valid JSON after each change, and the same world the control API reports.
    const fileState = async (cli: RunningCli) => {
      const state = JSON.parse(readFileSync(file, "utf8")) as {
        nextTaskId: number;
        accounts: Record<string, { relaySourcesV4: Array<{ Stream: string; TaskId: string }> }>;
      };
      const live = (await (await fetch(`${cli.url}/_emulator/state`)).json()) as unknown;
      expect(state).toEqual(live);
      expect(readdirSync(directory)).toEqual(["state.json"]);
      return state;
    };
    const streams = (state: Awaited<ReturnType<typeof fileState>>) =>
      state.accounts[DEFAULT_CREDENTIALS.accessKeyId]?.relaySourcesV4.map((config) => config.Stream);

    const first = await startCli(args);
    const created1 = await call(first, "CreateRelaySourceV4", relay("persisted-1"));
    expect(created1.status).toBe(200);
    const task1 = created1.json?.Result?.TaskId as string;
    expect(streams(await fileState(first))).toEqual(["persisted-1"]);
    const created2 = await call(first, "CreateRelaySourceV4", relay("persisted-2"));
    const task2 = created2.json?.Result?.TaskId as string;
    expect(task2).toMatch(/^\d+$/);
    expect(task2).not.toBe(task1);
    const afterSecond = await fileState(first);
    expect(streams(afterSecond)).toEqual(["persisted-1", "persisted-2"]);
    expect(afterSecond.nextTaskId).toBe(3);
    expect((await call(first, "UpdateRelaySourceV3", v3)).status).toBe(200);
    await fileState(first);
    expect((await call(first, "UpdateCallback", callback)).status).toBe(200);
    await fileState(first);
    const callbacksBefore = await call(first, "DescribeCallback", { Vhost: "push.example.com", App: "live" });
    expect(callbacksBefore.json?.Result?.CallbackList).toHaveLength(1);
    expect(await stopCli(first)).toEqual({ code: 0, signal: null });

    const second = await startCli(args);
    try {
      expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const listed = await call(second, "ListRelaySourceV4", { Domain: "play.example.com" });
      expect(listed.json?.Result?.List).toEqual([
        { ...relay("persisted-1"), StartTime: 0, EndTime: 0 },
        { ...relay("persisted-2"), StartTime: 0, EndTime: 0 },
      ]);
      const described = await call(second, "DescribeRelaySourceV3", { Vhost: "push.example.com", App: "live" });
      // Listed with every item field: a server written without params has {}.
      const listedServer = { ...v3.GroupDetails[0]!.Servers[0], RelaySourceParams: {} };
      expect(described.json?.Result).toEqual({
        RelaySourceConfigList: [{ ...v3, GroupDetails: [{ Group: "g1", Servers: [listedServer] }] }],
      });
      const callbacksAfter = await call(second, "DescribeCallback", { Vhost: "push.example.com", App: "live" });
      expect(callbacksAfter.json?.Result).toEqual(callbacksBefore.json?.Result);

      const created3 = await call(second, "CreateRelaySourceV4", relay("persisted-3"));
      expect(created3.status).toBe(200);
      const task3 = created3.json?.Result?.TaskId as string;
      expect(task3).toMatch(/^\d+$/);
      expect([task1, task2]).not.toContain(task3);
      const afterThird = await fileState(second);
      expect(streams(afterThird)).toEqual(["persisted-1", "persisted-2", "persisted-3"]);
      expect(afterThird.nextTaskId).toBe(4);
      expect(afterThird.accounts[DEFAULT_CREDENTIALS.accessKeyId]?.relaySourcesV4.map((c) => c.TaskId)).toEqual([
        task1,
        task2,
        task3,
      ]);

      const deleted = await call(second, "DeleteRelaySourceV4", {
        Domain: "play.example.com",
        App: "live",
        Stream: "persisted-1",
      });
      expect(deleted.status).toBe(200);
      expect(streams(await fileState(second))).toEqual(["persisted-2", "persisted-3"]);
    } finally {
      expect(await stopCli(second)).toEqual({ code: 0, signal: null });
    }
  });

  it("refuses to start on a state file that is not an emulator state, naming the file", async () => {
    const { file } = newStateFile();
    writeFileSync(file, JSON.stringify({ version: 2, accounts: {}, nextTaskId: 1 }));
    const result = await runCli(["--port", "0", "--state-file", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`state file ${file} is not an emulator state`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 2, accounts: {}, nextTaskId: 1 });
  });
});
