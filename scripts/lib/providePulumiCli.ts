import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SCRIPT = path.join(__dirname, "..", "provide-pulumi-cli.sh");

/**
 * Runs scripts/provide-pulumi-cli.sh (progress shown on stderr) and returns the directory holding `pulumi`,
 * `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` at the installed @pulumi/pulumi version. Throws
 * with the script's explanation if the CLI cannot be provided: callers must never carry on without it.
 */
export function providePulumiCli(options: { quiet?: boolean } = {}): string {
  const result = spawnSync("bash", [SCRIPT], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", options.quiet ? "pipe" : "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (result.stdout ?? "").trim().split("\n");
  const binDir = lines[lines.length - 1] ?? "";
  if (result.status !== 0 || binDir === "") {
    const detail = options.quiet ? `\n${result.stderr ?? ""}` : " (see its output above)";
    throw new Error(`scripts/provide-pulumi-cli.sh could not provide the Pulumi CLI${detail}`);
  }
  return binDir;
}
