import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../emulator";
import { isolatedPulumiEnvironment } from "../scripts/lib/isolatedPulumiEnvironment";
import { providePulumiCli } from "../scripts/lib/providePulumiCli";

export type ResourceKind = "RelayGroupV3" | "FixedRelayV4" | "LiveCallback";
export type ResourceSpecs = Record<string, { kind: ResourceKind; args: Record<string, unknown> }>;

export interface CommandResult {
  readonly code: number | null;
  /** stdout and stderr together. */
  readonly output: string;
}

const REPO = path.resolve(__dirname, "..");
const STACK = "bench";
const PACKAGE = "pulumi-volcengine-live";

let binDir: string | undefined;

/**
 * A Pulumi project and stack under the real CLI in a temp directory, as a user's TypeScript project would be, with
 * its own PULUMI_HOME and file backend, and the emulator's endpoint and credentials in the environment. Its program
 * (bench/stackProgram.ts) declares what resources.json lists. Commands run asynchronously: the emulator answers from
 * this process.
 *
 * Its node_modules holds a copy of this package's build (`npm run bench` builds first) and links to every package
 * of the repository's node_modules, and node keeps the links' paths (--preserve-symlinks): modules load from
 * `node_modules/...` of the project, as from an installed copy, so the source positions and stack traces the SDK
 * records in state have the length they have in a user's project, and @pulumi/pulumi loads once.
 */
export class CliStack {
  private constructor(
    readonly directory: string,
    readonly project: string,
    private env: NodeJS.ProcessEnv,
  ) {}

  static async create(name: string, emulator: RunningEmulator): Promise<CliStack> {
    if (!fs.existsSync(path.join(REPO, "dist", "provider", "resources", "handler.js"))) {
      throw new Error("the package is not built: run `npm run build` first (npm run bench does)");
    }
    binDir ??= providePulumiCli();
    const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `volc-live-bench-${name}-`)));
    const project = `bench-${name}`;
    installPackage(path.join(directory, "node_modules"));
    fs.copyFileSync(path.join(__dirname, "stackProgram.ts"), path.join(directory, "index.ts"));
    fs.writeFileSync(
      path.join(directory, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node10" },
      }),
    );
    fs.writeFileSync(path.join(directory, "package.json"), JSON.stringify({ name: project, private: true }));
    fs.writeFileSync(path.join(directory, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(directory, "resources.json"), "{}");
    fs.mkdirSync(path.join(directory, ".state", "backend"), { recursive: true });
    const env = isolatedPulumiEnvironment({
      binDir,
      root: path.join(directory, ".state"),
      passphrase: "volc-live-bench",
      // Type-checking the program in every command would only add time that a user's CI spends once.
      extra: {
        VOLCENGINE_LIVE_ENDPOINT: emulator.url,
        VOLCENGINE_ACCESS_KEY: emulator.credentials.accessKeyId,
        VOLCENGINE_SECRET_KEY: emulator.credentials.secretAccessKey,
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        NODE_OPTIONS: "--preserve-symlinks --preserve-symlinks-main",
      },
    });
    const stack = new CliStack(directory, project, env);
    await stack.expectSuccess(["stack", "init"]);
    return stack;
  }

  setResources(specs: ResourceSpecs): void {
    fs.writeFileSync(path.join(this.directory, "resources.json"), JSON.stringify(specs));
  }

  run(args: readonly string[]): Promise<CommandResult> {
    const child = spawn("pulumi", [...args, "--stack", STACK, "--non-interactive"], {
      cwd: this.directory,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve, reject) => {
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
  }

  async expectSuccess(args: readonly string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.output.slice(-6000)}`);
    }
    return result;
  }

  /** The stack's checkpoint file in the file backend, as the engine last wrote it. */
  stateFile(): string {
    const stacks = path.join(this.directory, ".state", "backend", ".pulumi", "stacks", this.project);
    return fs.readFileSync(path.join(stacks, `${STACK}.json`), "utf8");
  }

  /** `pulumi stack export`: what a user moves between backends. */
  async exported(): Promise<string> {
    const child = spawn("pulumi", ["stack", "export", "--stack", STACK], {
      cwd: this.directory,
      env: this.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`pulumi stack export exited with ${code}`);
    return stdout;
  }

  dispose(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}

/** A node_modules as `npm install` of this package would leave it, from the repository's own. */
function installPackage(nodeModules: string): void {
  const shared = fs.realpathSync(path.join(REPO, "node_modules"));
  fs.mkdirSync(nodeModules);
  for (const entry of fs.readdirSync(shared)) {
    if (entry.startsWith(".") || entry === PACKAGE) continue;
    fs.symlinkSync(path.join(shared, entry), path.join(nodeModules, entry), "dir");
  }
  const installed = path.join(nodeModules, PACKAGE);
  fs.mkdirSync(installed);
  fs.copyFileSync(path.join(REPO, "package.json"), path.join(installed, "package.json"));
  fs.cpSync(path.join(REPO, "dist", "provider"), path.join(installed, "dist", "provider"), { recursive: true });
}
