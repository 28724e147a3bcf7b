import { type ChildProcessByStdio, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Readable } from "node:stream";
import type { RunningEmulator } from "../../emulator";
import type { ResourceKind } from "../../provider/resources/resourceTypes";
import { isolatedPulumiEnvironment } from "./isolatedPulumiEnvironment";
import { e2eWorkspace } from "./e2eWorkspace";

/** With `getId`, the resource is read by the kind's `get` (args as the state), and its outputs are exported. */
export type ResourceSpecs = Record<
  string,
  { kind: ResourceKind; args: Record<string, unknown>; opts?: Record<string, unknown>; getId?: string }
>;

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for searching. */
  readonly output: string;
}

export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
}

/** One resource of the stack's state, as `pulumi stack export --show-secrets` prints it. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

export interface E2eStackOptions {
  /** false: no VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY in the environment. Default true. */
  credentialsInEnvironment?: boolean;
  /** A plain JavaScript program (index.js) instead of the TypeScript fixture that declares resources.json. */
  javascript?: string;
  /**
   * The stack directory lies outside the workspace, with a node_modules of its own that links each of the
   * workspace's packages: a test can remove this package for that stack alone (`removePackage`).
   */
  ownNodeModules?: boolean;
}

const PROGRAM = path.join(__dirname, "e2eProgram");
const PACKAGE = "pulumi-volcengine-live";
const STACK = "e2e";
/** The passphrase of every e2e stack's secrets provider: state made elsewhere must use it to be imported. */
export const E2E_PASSPHRASE = "volc-live-e2e-passphrase";
let projectCounter = 0;

/**
 * One Pulumi project and stack under the real CLI, in its own directory of the e2e workspace (so it loads the
 * installed package), with its own PULUMI_HOME and file backend, and the emulator's endpoint and credentials in
 * the environment. Commands run asynchronously: the emulator answers from the test process.
 */
export class E2eStack {
  readonly directory: string;
  readonly project: string;
  /** The stack name, the same for every stack (each has a backend of its own). */
  readonly stackName = STACK;
  private env: NodeJS.ProcessEnv;

  private constructor(directory: string, project: string, env: NodeJS.ProcessEnv) {
    this.directory = directory;
    this.project = project;
    this.env = env;
  }

  static async create(name: string, emulator: RunningEmulator, options: E2eStackOptions = {}): Promise<E2eStack> {
    const workspace = e2eWorkspace();
    projectCounter += 1;
    const project = `e2e-${name}`;
    const prefix = `${name}-${process.pid}-${projectCounter}-`;
    const directory = options.ownNodeModules
      ? directoryWithOwnNodeModules(workspace.directory, prefix)
      : fs.mkdtempSync(path.join(workspace.directory, prefix));
    if (options.javascript !== undefined) {
      fs.writeFileSync(path.join(directory, "index.js"), options.javascript);
    } else {
      fs.copyFileSync(path.join(PROGRAM, "resourcesProgram.ts"), path.join(directory, "index.ts"));
      fs.copyFileSync(path.join(PROGRAM, "tsconfig.json"), path.join(directory, "tsconfig.json"));
    }
    fs.writeFileSync(path.join(directory, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(directory, "resources.json"), "{}");
    fs.mkdirSync(path.join(directory, ".state", "backend"), { recursive: true });
    const credentials: Record<string, string> =
      options.credentialsInEnvironment === false
        ? {}
        : {
            VOLCENGINE_ACCESS_KEY: emulator.credentials.accessKeyId,
            VOLCENGINE_SECRET_KEY: emulator.credentials.secretAccessKey,
          };
    const env = isolatedPulumiEnvironment({
      binDir: workspace.binDir,
      root: path.join(directory, ".state"),
      passphrase: E2E_PASSPHRASE,
      // The program is type-checked by `npm run typecheck`; type-checking it again in every command only costs time.
      extra: { VOLCENGINE_LIVE_ENDPOINT: emulator.url, PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...credentials },
    });
    const stack = new E2eStack(directory, project, env);
    await stack.expectSuccess(["stack", "init"]);
    return stack;
  }

  /** Changes the environment of later commands (e.g. to remove credentials); undefined removes a variable. */
  setEnvironment(changes: Record<string, string | undefined>): void {
    this.env = { ...this.env };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) delete this.env[key];
      else this.env[key] = value;
    }
  }

  setResources(specs: ResourceSpecs): void {
    fs.writeFileSync(path.join(this.directory, "resources.json"), JSON.stringify(specs, null, 2));
  }

  run(args: readonly string[]): Promise<CommandResult> {
    return this.spawn(args, false).done;
  }

  /**
   * Starts a command in a session of its own: `kill()` sends SIGKILL to the CLI and to everything it started
   * (language host, program, provider: the CLI puts each plugin in a process group of its own, but they stay in
   * its session), as when the machine or the CI job running it dies. Linux only (it reads /proc).
   */
  start(args: readonly string[]): { done: Promise<CommandResult>; kill(): void } {
    return this.spawn(args, true);
  }

  private spawn(args: readonly string[], ownSession: boolean): { done: Promise<CommandResult>; kill(): void } {
    const child = spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], {
      cwd: this.directory,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      // A detached child calls setsid(): it leads a new session.
      detached: ownSession,
    });
    const done = outputOf(child);
    const kill = () => {
      if (!ownSession || child.pid === undefined || child.exitCode !== null) return;
      // The CLI first, so it starts nothing more; then whatever else is left in its session.
      killProcess(child.pid);
      for (const pid of sessionMembers(child.pid)) killProcess(pid);
    };
    return { done, kill };
  }

  /** A user's shell script (bash, exit on error), run in the stack's directory with the stack's environment. */
  shell(script: string): Promise<CommandResult> {
    const child = spawn("bash", ["-e", "-c", script], {
      cwd: this.directory,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return outputOf(child);
  }

  async expectSuccess(args: readonly string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.output.slice(-6000)}`);
    }
    return result;
  }

  async expectFailure(args: readonly string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code === 0) throw new Error(`pulumi ${args.join(" ")} succeeded, expected a failure:\n${result.output}`);
    return result;
  }

  up(): Promise<CommandResult> {
    return this.expectSuccess(["up", "--yes", "--skip-preview"]);
  }

  refresh(): Promise<CommandResult> {
    return this.expectSuccess(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<CommandResult> {
    return this.expectSuccess(["destroy", "--yes", "--skip-preview"]);
  }

  /**
   * `pulumi preview --json`: the planned steps, without the stack resource's own no-op. Unchanged resources have a
   * `same` step only with `showSames` (`--show-sames`): without it, the CLI leaves them out.
   */
  async previewSteps(options: { showSames?: boolean } = {}): Promise<PreviewStep[]> {
    const result = await this.expectSuccess(["preview", "--json", ...(options.showSames ? ["--show-sames"] : [])]);
    const plan = JSON.parse(result.stdout) as { steps?: PreviewStep[] };
    return (plan.steps ?? []).filter((step) => !step.urn.endsWith(`::${this.project}-${STACK}`));
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.expectSuccess(["stack", "output", "--json"])).stdout);
  }

  /**
   * The outputs recorded in state for one resource, from `stack export --show-secrets`: a secret output is Pulumi's
   * wrapper object whose `plaintext` holds the JSON-encoded value.
   */
  async recordedOutputs(name: string): Promise<Record<string, unknown>> {
    const resource = (await this.recordedResources()).find((candidate) => candidate.urn.endsWith(`::${name}`));
    if (!resource) throw new Error(`no resource named ${name} in the stack's state`);
    return resource.outputs ?? {};
  }

  /** Every resource in the stack's state, from `stack export --show-secrets` (secrets as in `recordedOutputs`). */
  async recordedResources(): Promise<RecordedResource[]> {
    const exported = JSON.parse((await this.expectSuccess(["stack", "export", "--show-secrets"])).stdout);
    return exported.deployment.resources ?? [];
  }

  /**
   * Replaces the stack's state with a deployment, the JSON `pulumi stack export` prints, by `pulumi stack import`.
   * Its URNs must name this stack and project, and its secrets must be encrypted with this stack's passphrase.
   */
  async importState(deployment: unknown): Promise<void> {
    const file = path.join(this.directory, ".state", "import.json");
    fs.writeFileSync(file, JSON.stringify(deployment));
    await this.expectSuccess(["stack", "import", "--file", file]);
  }

  /** Removes this package from a stack created with `ownNodeModules`, as `npm uninstall` would. */
  removePackage(): void {
    fs.unlinkSync(this.ownPackageLink());
  }

  /** Puts the package back after `removePackage`. */
  reinstallPackage(): void {
    fs.symlinkSync(path.join(e2eWorkspace().directory, "node_modules", PACKAGE), this.ownPackageLink(), "dir");
  }

  private ownPackageLink(): string {
    if (this.directory.startsWith(e2eWorkspace().directory + path.sep)) {
      throw new Error("the package is shared by every stack of the workspace: create the stack with ownNodeModules");
    }
    return path.join(this.directory, "node_modules", PACKAGE);
  }

  /** The raw bytes of the stack's checkpoint file in the file backend. */
  stateFileBytes(): Buffer {
    const stacks = path.join(this.directory, ".state", "backend", ".pulumi", "stacks", this.project);
    return fs.readFileSync(path.join(stacks, `${STACK}.json`));
  }

  dispose(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}

/** The processes of a session, from /proc/<pid>/stat (the session is the fourth field after the command name). */
function sessionMembers(session: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // it ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[3]) === session) members.push(Number(entry));
  }
  return members;
}

function killProcess(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * A stack directory next to the workspace rather than in it (so nothing is resolved from the workspace's
 * node_modules by walking up), whose node_modules links every package the workspace installed.
 */
function directoryWithOwnNodeModules(workspace: string, prefix: string): string {
  const directory = fs.mkdtempSync(path.join(path.dirname(workspace), `volc-live-e2e-own-${prefix}`));
  const shared = path.join(workspace, "node_modules");
  fs.mkdirSync(path.join(directory, "node_modules"));
  for (const entry of fs.readdirSync(shared)) {
    fs.symlinkSync(path.join(shared, entry), path.join(directory, "node_modules", entry), "dir");
  }
  return directory;
}

/** The URN suffix of a resource of this package. */
/** What a child process printed, once it has ended. */
function outputOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CommandResult> {
  return new Promise<CommandResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` }));
  });
}

export function urnOf(kind: ResourceKind, name: string): string {
  return `pulumi-nodejs:dynamic/volcengine-live:${kind}::${name}`;
}
