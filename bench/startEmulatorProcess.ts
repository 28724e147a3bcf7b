import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface EmulatorProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the built emulator CLI (dist/emulator/cli.js) in a child process on a free loopback port, with `args`
 * appended, and resolves once it prints its ready line.
 */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const cli = join(__dirname, "..", "dist", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let onExit: ((code: number | null) => void) | undefined;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      onExit = (code) => reject(new Error(`emulator exited with ${code}; run npm run build first`));
      child.once("exit", onExit);
      lines.once("line", resolve);
    });
    const { url } = JSON.parse(line) as { url: string };
    return {
      child,
      url,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      },
    };
  } finally {
    if (onExit !== undefined) child.off("exit", onExit);
    lines.close();
  }
}
