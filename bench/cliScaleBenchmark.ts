/**
 * `pulumi up`, `refresh` and `destroy` of 200 and of 1,000 resources with the real CLI against the emulator at the
 * service's documented limit (10 requests/s per account and action) plus 20 ms latency: wall time against the
 * rate limit's bound, CPU time of each process, and peak RSS of the dynamic provider.
 *
 *   npm run bench -- --only cli            (part of the full table)
 *   npx ts-node --transpile-only bench/cliScaleBenchmark.ts [--resources 200,1000] [--quick]
 *
 * No command can beat the rate limit: its lower bound is the busiest action's accepted calls ÷ 10 per second. The
 * figure is wall time ÷ that bound. The provider runs with its default client settings and the CLI with its
 * default --parallel, as a user would run them. Fixed CLI start-up (engine, language host, program, provider
 * plugin) is measured in the same run: the same commands on a stack of one resource per kind, counting only the
 * time outside their API calls. Each command's own time before its first and after its last API call, how tightly
 * the busiest action's calls are paced, and the CPU time of each process say where the rest goes.
 */
import { parseArgs } from "node:util";
import { type RunningEmulator, startEmulator } from "../emulator";
import { type AccountState, emptyAccount } from "../emulator/world/WorldState";
import type { BenchOptions, BenchRow, BenchSection } from "./BenchSection";
import { CliStack, type ResourceSpecs } from "./CliStack";
import { cliScaleStack } from "./cliScaleStack";
import { type CommandFigures, measureCliCommand, outsideApiMs } from "./measureCliCommand";
import { pulumiDefaultParallelism } from "./pulumiDefaultParallelism";
import { printSection } from "./printSection";

/** The emulator's limit, the same as the service's: requests per second per account and action. */
const RATE_LIMIT = 10;
const LATENCY_MS = 20;
const UP = ["up", "--yes", "--skip-preview"];
const REFRESH = ["refresh", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];

/** The goals per stack size: up and destroy against the bound, gross and net of the fixed start-up. */
interface ScaleTargets {
  readonly maxRatio: number;
  readonly maxNetRatio?: number;
  /** Seconds for an `up` that has nothing to change. */
  readonly maxNoChangeUpS?: number;
}

const TARGETS: Readonly<Record<number, ScaleTargets>> = {
  200: { maxRatio: 1.3, maxNetRatio: 1.15, maxNoChangeUpS: 4 },
  1000: { maxRatio: 1.2 },
};

/** The same commands on one resource per kind: their time outside API calls is the fixed start-up. */
interface StartUp {
  readonly up: CommandFigures;
  readonly refresh: CommandFigures;
  readonly destroy: CommandFigures;
}

interface ScaleRun {
  readonly total: number;
  readonly plan: ReturnType<typeof cliScaleStack>;
  readonly up: CommandFigures;
  readonly noChangeUp: CommandFigures;
  readonly refresh: CommandFigures;
  readonly destroy: CommandFigures;
  readonly missingAfterUp: string[];
  readonly missingAfterRefresh: string[];
  readonly leftAfterDestroy: number;
}

/** Declared resources of `specs` that the account does not hold. */
function missingFrom(account: AccountState, specs: ResourceSpecs): string[] {
  const groups = new Set(
    account.relaySourcesV3.flatMap((config) =>
      config.GroupDetails.map((group) => `${config.Vhost}/${config.App}/${group.Group}`),
    ),
  );
  const relays = new Set(account.relaySourcesV4.map((relay) => `${relay.Domain}/${relay.App}/${relay.Stream}`));
  const callbacks = new Set(
    account.callbacks.map((c) => `${c.Vhost ? `vhost:${c.Vhost}/${c.App}` : `domain:${c.Domain}/`}/${c.MessageType}`),
  );
  return Object.entries(specs)
    .filter(([, spec]) => {
      const args = spec.args as Record<string, string | undefined>;
      if (spec.kind === "RelayGroupV3") return !groups.has(`${args.vhost}/${args.app ?? ""}/${args.group}`);
      if (spec.kind === "FixedRelayV4") return !relays.has(`${args.domain}/${args.app}/${args.stream}`);
      const scope = args.domain === undefined ? `vhost:${args.vhost}/${args.app ?? ""}` : `domain:${args.domain}/`;
      return !callbacks.has(`${scope}/${args.messageType}`);
    })
    .map(([name]) => name);
}

function heldCount(account: AccountState): number {
  return (
    account.relaySourcesV3.reduce((sum, config) => sum + config.GroupDetails.length, 0) +
    account.relaySourcesV4.length +
    account.callbacks.length
  );
}

const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(1)} s`);
const mib = (kib: number | undefined) => (kib === undefined ? Number.NaN : kib / 1024);
const times = (ratio: number | undefined) => (ratio === undefined ? "–" : `${ratio.toFixed(2)}×`);

/** CPU seconds per process, largest first, e.g. "engine 8.2, program 3.7, provider 2.3". */
function cpuByProcess(figures: CommandFigures): string {
  return Object.entries(figures.cpuMs)
    .sort((a, b) => b[1] - a[1])
    .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)}`)
    .join(", ");
}

/**
 * A command's rows: wall time ÷ bound, and the same net of the fixed start-up (from `probe`, the same command on
 * one resource per kind), with the command's own time around its API calls, the busiest action's pacing and CPU
 * per process in the note.
 */
function commandRows(figures: CommandFigures, probe: CommandFigures, targets: ScaleTargets | undefined): BenchRow[] {
  const fixedMs = outsideApiMs(probe);
  const ratio = figures.wallMs / figures.boundMs;
  const netRatio = (figures.wallMs - fixedMs) / figures.boundMs;
  const succeeded = figures.exitCode === 0;
  const calls = Object.entries(figures.acceptedCalls)
    .sort((a, b) => b[1] - a[1])
    .map(([action, count]) => `${action} ${count}`)
    .join(", ");
  const apiRatio = figures.apiPhaseMs === undefined ? undefined : figures.apiPhaseMs / figures.boundMs;
  return [
    {
      metric: `${figures.command}: wall time ÷ rate-limit bound (${seconds(figures.wallMs)} ÷ ${seconds(figures.boundMs)})`,
      value: ratio,
      unit: "×",
      ...(targets ? { target: `≤ ${targets.maxRatio}×`, met: succeeded && ratio <= targets.maxRatio } : {}),
      note:
        `bound = ${figures.busiestAction} calls ÷ ${RATE_LIMIT}/s (calls: ${calls}; ${figures.throttled} throttled). ` +
        `${seconds(figures.beforeFirstCallMs)} before the first API call, API phase ${seconds(figures.apiPhaseMs)} ` +
        `(${times(apiRatio)} the bound; kinds one after another would need ` +
        `${seconds(figures.kindsInSequenceBoundMs)}), ${seconds(figures.afterLastCallMs)} after the last; ` +
        `${figures.busiestAction} paced at ${times(figures.busiestPacing)} its limit; CPU s: ${cpuByProcess(figures)}` +
        (succeeded ? "" : `; exited ${figures.exitCode}`),
    },
    {
      metric: `${figures.command}: net of the fixed start-up ÷ bound`,
      value: netRatio,
      unit: "×",
      ...(targets?.maxNetRatio === undefined
        ? {}
        : { target: `≤ ${targets.maxNetRatio}×`, met: succeeded && netRatio <= targets.maxNetRatio }),
      note: `fixed start-up ${seconds(fixedMs)}: the same command on 1 resource per kind, its time outside API calls`,
    },
  ];
}

function scaleRows(run: ScaleRun, probes: StartUp, quick: boolean): BenchRow[] {
  const { total, plan, up, noChangeUp, refresh, destroy } = run;
  // A scaled-down run is no measure of the goals set for 200 and 1,000.
  const targets = quick ? undefined : TARGETS[total];
  const rows: BenchRow[] = [
    ...commandRows(up, probes.up, targets),
    ...commandRows(destroy, probes.destroy, targets),
    ...commandRows(refresh, probes.refresh, undefined),
  ];
  const noChangeS = noChangeUp.wallMs / 1000;
  rows.push({
    metric: `${noChangeUp.command}: wall time`,
    value: noChangeS,
    unit: "s",
    ...(targets?.maxNoChangeUpS === undefined
      ? {}
      : {
          target: `≤ ${targets.maxNoChangeUpS} s`,
          met: noChangeUp.exitCode === 0 && noChangeS <= targets.maxNoChangeUpS,
        }),
    note:
      `the floor of any up of this stack: engine, program, check and diff of ${total} resources; ` +
      `${Object.values(noChangeUp.acceptedCalls).reduce((sum, count) => sum + count, 0)} API calls; CPU s: ` +
      cpuByProcess(noChangeUp),
  });
  for (const figures of [up, noChangeUp]) {
    rows.push(
      {
        metric: `${figures.command}: engine CPU`,
        value: (figures.cpuMs.engine ?? 0) / 1000,
        unit: "s",
        note: `the pulumi process: steps, and the checkpoint it rewrites after each; wall ${seconds(figures.wallMs)}`,
      },
      {
        metric: `${figures.command}: program CPU`,
        value: (figures.cpuMs.program ?? 0) / 1000,
        unit: "s",
        note: `the program's node process (loads @pulumi/pulumi and this package, compiles index.ts, registers); provider ${seconds(figures.cpuMs.provider)}`,
      },
    );
  }
  rows.push(
    {
      metric: `up (${total}): failed resources (declared, not held by the emulator afterwards)`,
      value: up.exitCode === 0 ? run.missingAfterUp.length : Math.max(1, run.missingAfterUp.length),
      unit: "",
      target: "0",
      met: up.exitCode === 0 && run.missingAfterUp.length === 0,
      note:
        `up exited ${up.exitCode}; ${total - run.missingAfterUp.length} of ${total} held (${plan.groups} groups on ` +
        `${plan.hosts} vhosts × 2 apps, ${plan.relays} relays on ${plan.hosts} domains, ${plan.callbacks} callbacks)`,
    },
    {
      metric: `destroy (${total}): configurations left in the emulator`,
      value: run.leftAfterDestroy,
      unit: "",
      target: "0",
      met: destroy.exitCode === 0 && run.leftAfterDestroy === 0,
    },
    {
      metric: `dynamic provider process (${total}): peak RSS (VmHWM) over up, refresh and destroy`,
      value: mib(Math.max(...[up, refresh, destroy].map((figures) => figures.peakRssKiB.provider ?? 0))),
      unit: "MiB",
      note:
        `up ${mib(up.peakRssKiB.provider).toFixed(0)}, refresh ${mib(refresh.peakRssKiB.provider).toFixed(0)}, ` +
        `destroy ${mib(destroy.peakRssKiB.provider).toFixed(0)} MiB; 1 resource per kind: ` +
        `${mib(probes.up.peakRssKiB.provider).toFixed(0)} MiB; program ${mib(up.peakRssKiB.program).toFixed(0)}, ` +
        `engine ${mib(up.peakRssKiB.engine).toFixed(0)} MiB in up; /proc polled every 100 ms`,
    },
  );
  return rows;
}

async function runScale(emulator: RunningEmulator, total: number): Promise<ScaleRun> {
  const account = () => emulator.state().accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
  const measure = (stack: CliStack, command: string, args: readonly string[]) =>
    measureCliCommand(emulator, stack, RATE_LIMIT, command, args);
  const plan = cliScaleStack(total);
  const stack = await CliStack.create(`cli-scale-${total}`, emulator);
  try {
    stack.setResources(plan.specs);
    const up = await measure(stack, `up (${total})`, UP);
    const missingAfterUp = missingFrom(account(), plan.specs);
    // Nothing to change: the engine, the program, and check and diff of every resource, with no API call.
    const noChangeUp = await measure(stack, `up, no changes (${total})`, UP);
    const refresh = await measure(stack, `refresh (${total})`, REFRESH);
    const missingAfterRefresh = missingFrom(account(), plan.specs);
    const destroy = await measure(stack, `destroy (${total})`, DESTROY);
    const leftAfterDestroy = heldCount(account());
    for (const figures of [up, noChangeUp, refresh, destroy]) {
      if (figures.exitCode !== 0) process.stderr.write(`${figures.command} failed:\n${figures.outputTail}\n`);
    }
    return { total, plan, up, noChangeUp, refresh, destroy, missingAfterUp, missingAfterRefresh, leftAfterDestroy };
  } finally {
    stack.dispose();
  }
}

export async function benchCliScale(
  options: BenchOptions,
  scale: { resources?: number[] } = {},
): Promise<BenchSection> {
  const totals = scale.resources ?? (options.quick ? [30, 60] : [200, 1000]);
  const emulator = await startEmulator({ rateLimit: RATE_LIMIT, latencyMs: LATENCY_MS });
  try {
    // One resource per kind: every process starts (an empty stack would not even start the provider), the API
    // work is a few calls, so the time outside them is the fixed start-up of each command.
    const small = await CliStack.create("cli-scale-probe", emulator);
    let probes: StartUp;
    try {
      small.setResources(cliScaleStack(3).specs);
      const measure = (command: string, args: readonly string[]) =>
        measureCliCommand(emulator, small, RATE_LIMIT, command, args);
      probes = {
        up: await measure("up (3)", UP),
        refresh: await measure("refresh (3)", REFRESH),
        destroy: await measure("destroy (3)", DESTROY),
      };
    } finally {
      small.dispose();
    }
    const runs: ScaleRun[] = [];
    for (const total of totals) runs.push(await runScale(emulator, total));

    const strip = ({ outputTail: _, ...figures }: CommandFigures) => figures;
    return {
      id: "cli",
      title: "CLI at scale",
      rows: runs.flatMap((run) =>
        scaleRows(run, probes, options.quick).map((row) =>
          options.quick
            ? { ...row, note: ["quick run, scaled down from 200 and 1,000", row.note].filter(Boolean).join("; ") }
            : row,
        ),
      ),
      details: {
        emulator: { rateLimitPerSecond: RATE_LIMIT, latencyMs: LATENCY_MS },
        // What a user gets: the provider's client defaults and the CLI's default --parallel.
        client: "provider defaults: 10 requests/s per action, burst 1",
        parallel: pulumiDefaultParallelism(),
        startUp: [probes.up, probes.refresh, probes.destroy].map(strip),
        runs: runs.map(({ plan, up, noChangeUp, refresh, destroy, ...run }) => ({
          ...run,
          stack: { groups: plan.groups, relays: plan.relays, callbacks: plan.callbacks, hosts: plan.hosts },
          commands: [up, noChangeUp, refresh, destroy].map(strip),
        })),
      },
    };
  } finally {
    await emulator.stop();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { resources: { type: "string" }, quick: { type: "boolean", default: false } },
  });
  printSection(
    benchCliScale(
      { quick: values.quick ?? false },
      values.resources === undefined ? {} : { resources: values.resources.split(",").map(Number) },
    ),
  );
}
