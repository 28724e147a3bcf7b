/**
 * npm run bench [-- --only signer,state] [--quick]
 *
 * Runs each benchmark in turn (never in parallel: they would disturb each other's figures) and prints one markdown
 * table. A full run also writes its results: bench/results/latest.json (every figure) and latest.md (the table),
 * the pair to commit when the figures change, so the file always holds one whole run; `--only` and `--quick` only
 * print. The machine's load average at the start and end is recorded with them.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { BenchOptions, BenchSection } from "./BenchSection";
import { benchCliScale } from "./cliScaleBenchmark";
import { formatMarkdownTable } from "./formatMarkdownTable";
import { benchProviderOverhead } from "./providerOverheadBenchmark";
import { benchRefreshCost } from "./refreshCostBenchmark";
import { benchSigner } from "./signerBenchmark";
import { benchStateSize } from "./stateSizeBenchmark";

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<BenchSection>> = {
  signer: benchSigner,
  provider: benchProviderOverhead,
  refresh: benchRefreshCost,
  state: benchStateSize,
  cli: benchCliScale,
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
    },
  });
  const selected = values.only === undefined ? Object.keys(BENCHMARKS) : values.only.split(",").map((s) => s.trim());
  const unknown = selected.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  }
  const options: BenchOptions = { quick: values.quick ?? false };
  const loadAtStart = os.loadavg();
  const sections: BenchSection[] = [];
  const secondsPerBenchmark: Record<string, number> = {};
  for (const name of selected) {
    const started = performance.now();
    process.stderr.write(`bench: ${name} …\n`);
    const section = await (BENCHMARKS[name] as (o: BenchOptions) => Promise<BenchSection>)(options);
    sections.push(section);
    secondsPerBenchmark[name] = Math.round((performance.now() - started) / 100) / 10;
    process.stderr.write(`bench: ${name} done in ${secondsPerBenchmark[name]} s\n`);
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
    // Other work on the machine slows both sides of every ratio alike, but stretches wall times.
    secondsPerBenchmark,
    loadAverage1m: { start: loadAtStart[0], end: os.loadavg()[0] },
    sections,
  };
  const table = formatMarkdownTable(sections);
  const whole = values.only === undefined && !options.quick;
  if (whole) {
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  }
  const load = `load average (1 min) ${result.loadAverage1m.start?.toFixed(1)} at the start, ${result.loadAverage1m.end?.toFixed(1)} at the end`;
  const heading = `Measured ${date.slice(0, 10)} at ${result.commit} on Node ${result.node}, ${result.cpus} × ${result.cpuModel}, ${load}${options.quick ? " (quick run)" : ""}.`;
  if (whole) fs.writeFileSync(path.join(RESULTS, "latest.md"), `${heading}\n\n${table}\n`);
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
