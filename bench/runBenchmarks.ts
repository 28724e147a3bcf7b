/**
 * npm run bench [-- --only signer,client] [--quick] [--dated]
 *
 * Runs each benchmark in turn (never in parallel: they would disturb each other's figures), prints one markdown
 * table, and writes bench/results/latest.json and latest.md. `--dated` also writes bench/results/<date>.json, the
 * copy to commit when the figures change.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { BenchOptions, BenchSection } from "./BenchSection";
import { benchCliScale } from "./cliScaleBenchmark";
import { benchClient } from "./clientBenchmark";
import { benchEmulatorThroughput } from "./emulatorThroughput";
import { formatMarkdownTable } from "./formatMarkdownTable";
import { benchProviderOverhead } from "./providerOverheadBenchmark";
import { benchRefreshCost } from "./refreshCostBenchmark";
import { benchSigner } from "./signerBenchmark";

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<BenchSection>> = {
  signer: benchSigner,
  client: benchClient,
  provider: benchProviderOverhead,
  refresh: benchRefreshCost,
  cli: benchCliScale,
  emulator: benchEmulatorThroughput,
};

const RESULTS = path.join(__dirname, "results");

function currentCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: __dirname, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      dated: { type: "boolean", default: false },
    },
  });
  const selected = values.only === undefined ? Object.keys(BENCHMARKS) : values.only.split(",").map((s) => s.trim());
  const unknown = selected.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  }
  const options: BenchOptions = { quick: values.quick ?? false };
  const sections: BenchSection[] = [];
  for (const name of selected) {
    const started = performance.now();
    process.stderr.write(`bench: ${name} …\n`);
    const section = await (BENCHMARKS[name] as (o: BenchOptions) => Promise<BenchSection>)(options);
    sections.push(section);
    process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }

  const date = new Date().toISOString();
  const result = {
    date,
    commit: currentCommit(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    quick: options.quick,
    sections,
  };
  const table = formatMarkdownTable(sections);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  const heading = `Measured ${date.slice(0, 10)} at ${result.commit} on Node ${result.node}, ${result.cpus} × ${result.cpuModel}${options.quick ? " (quick run)" : ""}.`;
  fs.writeFileSync(path.join(RESULTS, "latest.md"), `${heading}\n\n${table}\n`);
  if (values.dated) {
    fs.writeFileSync(path.join(RESULTS, `${date.slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(`${heading}\n\n${table}`);
  const missed = sections.flatMap((s) => s.rows.filter((r) => r.met === false).map((r) => `${s.title}: ${r.metric}`));
  if (missed.length > 0) {
    console.log(`\nTargets missed (${missed.length}):\n${missed.map((m) => `- ${m}`).join("\n")}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
