/**
 * `npm run chaos`: seeded, randomized fault schedules over full cycles (create → update → change keys →
 * out-of-band deletes and edits → refresh → up → destroy), with throttling, 5xx, CommonErr under HTTP 200, dropped
 * connections, latency spikes and apply-then-fail on every action, and the invariants checked after each command.
 * First `--cycles` cycles with the providers driven in process by a model of the Pulumi engine, then
 * `--cli-cycles` under the real Pulumi CLI. Prints a markdown table and JSON; exits 1 on any invariant violation
 * or any command that did not converge within five runs.
 *
 *   npm run chaos -- [--cycles 500] [--cli-cycles 20] [--cli-groups 2] [--seed 1] [--only provider|cli]
 *                    [--jobs 2] [--parallel 8] [--fault-scale 1] [--json FILE] [--trace-dir DIR]
 *
 * Provider-level cycles perform every optional group of operations (renames, forced replacement, a move onto a
 * taken key; a killed up and destroy apply only under the CLI); a real-CLI cycle performs `--cli-groups` of them,
 * picked by its seed, since each costs CLI commands of seconds.
 * Cycle i uses seed S + i, so `--seed <a failing seed> --cycles 1` replays one cycle: the same resources, edits
 * and fault schedule. Concurrent steps may interleave differently from run to run, so a fault may land on
 * another request; `--parallel 1` (steps at once within a provider-level command, like `pulumi up --parallel`;
 * default 8) makes the order of requests far more repeatable. `--fault-scale` multiplies
 * every fault probability, to hunt rarer paths; from about 2 on, some commands fail five runs in a row from the
 * sheer number of faults. `--jobs` runs that many provider-level cycles at once, each with its own emulator.
 * `--trace-dir` writes, for each cycle that went wrong, every request of the phase that did (with the faults that
 * fired) to `<runner>-<seed>.log`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import prepareE2eWorkspace from "./lib/prepareE2eWorkspace";
import { ChaosReport, type ChaosRunner } from "./chaos/ChaosReport";
import { generateCycle } from "./chaos/generateCycle";
import type { CycleResult } from "./chaos/runCycle";
import { runCliCycle } from "./chaos/runCliCycle";
import { runProviderCycle } from "./chaos/runProviderCycle";

function count(value: string | undefined, name: string, fallback: number): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, got ${value}`);
  return parsed;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function runAll(
  traceDir: string | undefined,
  report: ChaosReport,
  runner: ChaosRunner,
  seeds: number[],
  jobs: number,
  runOne: (seed: number) => Promise<CycleResult>,
): Promise<void> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  let problems = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++] as number;
      const result = await runOne(seed);
      report.add(runner, result);
      done += 1;
      for (const line of [...result.failures, ...result.violations]) {
        problems += 1;
        log(`${runner} seed ${seed}: ${line}`);
      }
      if (traceDir !== undefined && result.trace.length > 0) {
        fs.mkdirSync(traceDir, { recursive: true });
        const file = path.join(traceDir, `${runner}-${seed}.log`);
        fs.writeFileSync(file, `${result.trace.join("\n")}\n`);
        log(`${runner} seed ${seed}: requests of the failing phase in ${file}`);
      }
      const every = runner === "cli" ? 1 : 25;
      if (done % every === 0 || done === seeds.length) {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        log(`${runner}: ${done}/${seeds.length} cycles, ${problems} problems, ${seconds} s`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, seeds.length)) }, worker));
  report.setWallTime(runner, performance.now() - started);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cycles: { type: "string" },
      "cli-cycles": { type: "string" },
      "cli-groups": { type: "string" },
      seed: { type: "string" },
      only: { type: "string" },
      jobs: { type: "string" },
      json: { type: "string" },
      "fault-scale": { type: "string" },
      "trace-dir": { type: "string" },
      parallel: { type: "string" },
    },
  });
  const cycles = count(values.cycles, "cycles", 500);
  const cliCycles = count(values["cli-cycles"], "cli-cycles", 20);
  const cliGroups = count(values["cli-groups"], "cli-groups", 2);
  const baseSeed = count(values.seed, "seed", 1);
  const jobs = Math.max(1, count(values.jobs, "jobs", 2));
  const parallel = Math.max(1, count(values.parallel, "parallel", 8));
  const faultScale = values["fault-scale"] === undefined ? 1 : Number(values["fault-scale"]);
  if (!(faultScale >= 0)) throw new Error(`--fault-scale must be a number ≥ 0, got ${values["fault-scale"]}`);
  if (values.only !== undefined && values.only !== "provider" && values.only !== "cli") {
    throw new Error(`--only must be provider or cli, got ${values.only}`);
  }
  const seeds = (n: number) => Array.from({ length: n }, (_, index) => baseSeed + index);
  const report = new ChaosReport({ baseSeed, faultScale });

  if (values.only !== "cli" && cycles > 0) {
    log(`provider level: ${cycles} cycles from seed ${baseSeed}, ${jobs} at a time`);
    await runAll(values["trace-dir"], report, "provider", seeds(cycles), jobs, (seed) =>
      runProviderCycle(generateCycle(seed, { faultScale }), { parallel }),
    );
  }
  if (values.only !== "provider" && cliCycles > 0) {
    log(`real CLI: ${cliCycles} cycles from seed ${baseSeed}; providing the CLI and the packed package`);
    // Provides the CLI and the workspace with the packed package, and sets the environment E2eStack reads.
    await prepareE2eWorkspace();
    await runAll(values["trace-dir"], report, "cli", seeds(cliCycles), 1, (seed) =>
      runCliCycle(generateCycle(seed, { faultScale, operationGroups: cliGroups })),
    );
  }

  process.stdout.write(`\n${report.markdown()}\n\n${report.json()}\n`);
  if (values.json !== undefined) fs.writeFileSync(values.json, `${report.json()}\n`);
  process.exitCode = report.passed ? 0 : 1;
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
