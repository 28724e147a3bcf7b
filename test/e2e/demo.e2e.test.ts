import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");

describe("npm run demo", () => {
  it("runs the root Pulumi.yaml stack up, prints taskId, previews no changes, destroys, and cleans up", async () => {
    // The demo script itself, without the `npm run build` that `npm run demo` puts in front (npm test has built).
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(REPO, "scripts", "demo.ts")],
        { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });

    expect({ code: result.code, tail: result.code === 0 ? "" : result.output.slice(-4000) }).toEqual({
      code: 0,
      tail: "",
    });
    expect(result.output).toMatch(/taskId: "\d+"/);
    expect(result.output).toMatch(/==> pulumi preview --expect-no-changes[\s\S]*4 unchanged/);
    expect(result.output).toMatch(/- 4 deleted/);
    expect(result.output).toMatch(/Done: taskId \d+; the emulator is empty again/);
    expect(fs.existsSync(path.join(REPO, "Pulumi.demo.yaml"))).toBe(false);
  });
});
