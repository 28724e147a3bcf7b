/**
 * `pulumi up`, `refresh` and `destroy` of a few hundred resources with the real CLI against the emulator at the
 * service's documented limit (10 requests/s per account and action) plus 20 ms latency, and the peak RSS of the
 * dynamic provider process meanwhile.
 *
 *   npm run bench -- --only cli            (part of the full table)
 *   npx ts-node --transpile-only bench/cliScaleBenchmark.ts [--resources 200] [--quick]
 *
 * No command can beat the rate limit: its lower bound is the busiest action's accepted calls ÷ 10 per second. The
 * figure is wall time ÷ that bound. The provider runs with its default client settings and the CLI with its
 * default --parallel, as a user would run them. Fixed CLI start-up (engine, language host, program, provider
 * plugin) is measured in the same run: the same commands on a stack of one resource per kind, counting only the
 * time outside their API calls. Each command's own time before its first and after its last API call, and how
 * tightly the busiest action's calls are paced, say where the rest goes.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { type RunningEmulator, startEmulator } from "../emulator";
import { type AccountState, emptyAccount } from "../emulator/world/WorldState";
import { E2eStack, type ResourceSpecs } from "../scripts/lib/E2eStack";
import globalSetup from "../scripts/lib/prepareE2eWorkspace";
import type { BenchOptions, BenchRow, BenchSection } from "./BenchSection";
import { cliScaleStack } from "./cliScaleStack";
import { startProcessSampler } from "./processSampler";
import { pulumiDefaultParallelism } from "./pulumiDefaultParallelism";
import { printSection } from "./printSection";

/** The emulator's limit, the same as the service's: requests per second per account and action. */
const RATE_LIMIT = 10;
const LATENCY_MS = 20;
const TARGET_RATIO = 1.15;
const THROTTLED_CODES = new Set(["FlowLimitExceeded", "AccountFlowLimitExceeded"]);
const UP = ["up", "--yes", "--skip-preview"];
const REFRESH = ["refresh", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];
/** Enough steps in flight for every kind's queue to stay busy at once. */
const UNCONSTRAINED_PARALLEL = 64;

interface CommandFigures {
  readonly command: string;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** Calls that passed the emulator's limiter, per action. */
  readonly acceptedCalls: Record<string, number>;
  readonly throttled: number;
  readonly errors: Record<string, number>;
  readonly busiestAction: string | undefined;
  /** The busiest action's accepted calls ÷ RATE_LIMIT, in ms. */
  readonly boundMs: number;
  /**
   * The bound if the resource kinds ran one after another: the sum over kinds of each kind's busiest action. The
   * engine starts steps in registration order, and the SDK sends a program's registrations grouped by kind.
   */
  readonly kindsInSequenceBoundMs: number;
  /** From the command's start to its first API request, between its first and last, and from the last to its exit. */
  readonly beforeFirstCallMs: number | undefined;
  readonly apiPhaseMs: number | undefined;
  readonly afterLastCallMs: number | undefined;
  /** The busiest action's first-to-last span ÷ (its calls − 1) × 100 ms: 1 means paced exactly at the limit. */
  readonly busiestPacing: number | undefined;
  /** Peak VmHWM in KiB per process kind (provider, program, engine, languageHost). */
  readonly peakRssKiB: Record<string, number>;
  /** CPU time per process kind, in ms: on a shared machine it shows which process the wall time waits on. */
  readonly cpuMs: Record<string, number>;
  readonly outputTail: string;
}

/** Which resource kind an action serves, from its name. */
function kindOfAction(action: string): string {
  if (action.endsWith("RelaySourceV3")) return "RelayGroupV3";
  if (action.endsWith("RelaySourceV4")) return "FixedRelayV4";
  return "LiveCallback";
}

/** Runs one CLI command, timing it and sampling the stack's processes, with the emulator's log cleared first. */
async function measure(
  emulator: RunningEmulator,
  stack: E2eStack,
  command: string,
  args: readonly string[],
): Promise<CommandFigures> {
  const directory = fs.realpathSync(stack.directory);
  emulator.clearRequests();
  const sampler = startProcessSampler(({ argv, cwd, exe }) => {
    // The CLI starts the program and its plugins in the program directory: that tells our processes from others'.
    if (cwd !== directory) return undefined;
    // The script node runs (argv[1]) tells the provider host and the program from `node -e` helpers.
    const script = argv[1] ?? "";
    if (script.includes("@pulumi/pulumi/cmd/dynamic-provider")) return "provider";
    if (script.includes("@pulumi/pulumi/cmd/run")) return "program";
    if (exe.endsWith("/pulumi")) return "engine";
    if (exe.endsWith("/pulumi-language-nodejs")) return "languageHost";
    return undefined;
  });
  const startedAt = Date.now();
  const started = performance.now();
  const result = await stack.run(args);
  const wallMs = performance.now() - started;
  const endedAt = Date.now();
  const { peakRssKiB, cpuMs } = sampler.stop();

  const { requests, counters } = emulator.requests();
  const acceptedCalls: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let throttled = 0;
  for (const [action, counter] of Object.entries(counters)) {
    const rejected = Object.entries(counter.byCode)
      .filter(([code]) => THROTTLED_CODES.has(code))
      .reduce((sum, [, count]) => sum + count, 0);
    throttled += rejected;
    acceptedCalls[action] = counter.requests - rejected;
    for (const [code, count] of Object.entries(counter.byCode)) errors[`${action} ${code}`] = count;
  }
  const busiest = Object.entries(acceptedCalls).sort((a, b) => b[1] - a[1])[0];
  const busiestByKind: Record<string, number> = {};
  for (const [action, count] of Object.entries(acceptedCalls)) {
    const kind = kindOfAction(action);
    busiestByKind[kind] = Math.max(busiestByKind[kind] ?? 0, count);
  }
  // Log times are stamped when each answer is sent, to the millisecond: plenty against a 100 ms spacing.
  const accepted = requests.filter((entry) => entry.code === undefined || !THROTTLED_CODES.has(entry.code));
  const times = accepted.map((entry) => Date.parse(entry.at));
  const busiestTimes = accepted.filter((entry) => entry.action === busiest?.[0]).map((entry) => Date.parse(entry.at));
  const first = times.length > 0 ? Math.min(...times) : undefined;
  const last = times.length > 0 ? Math.max(...times) : undefined;
  return {
    command,
    exitCode: result.code,
    wallMs,
    acceptedCalls,
    throttled,
    errors,
    busiestAction: busiest?.[0],
    boundMs: ((busiest?.[1] ?? 0) / RATE_LIMIT) * 1000,
    kindsInSequenceBoundMs: (Object.values(busiestByKind).reduce((sum, count) => sum + count, 0) / RATE_LIMIT) * 1000,
    beforeFirstCallMs: first === undefined ? undefined : first - startedAt,
    apiPhaseMs: first === undefined || last === undefined ? undefined : last - first,
    afterLastCallMs: last === undefined ? undefined : endedAt - last,
    busiestPacing:
      busiestTimes.length < 2
        ? undefined
        : (Math.max(...busiestTimes) - Math.min(...busiestTimes)) / (((busiestTimes.length - 1) / RATE_LIMIT) * 1000),
    peakRssKiB,
    cpuMs,
    outputTail: result.code === 0 ? "" : result.output.slice(-4000),
  };
}

/** Time a command spends outside its API calls: before the first and after the last (all of it if none). */
function outsideApiMs(figures: CommandFigures): number {
  return figures.apiPhaseMs === undefined ? figures.wallMs : figures.wallMs - figures.apiPhaseMs;
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

/**
 * One command's row: wall time ÷ bound, with the fixed start-up (from `probe`, the same command on one resource per
 * kind), the command's own time around its API calls, and the busiest action's pacing in the note.
 */
function commandRow(figures: CommandFigures, probe: CommandFigures, scaleNote: string, targeted: boolean): BenchRow {
  const fixedMs = outsideApiMs(probe);
  const ratio = figures.wallMs / figures.boundMs;
  const calls = Object.entries(figures.acceptedCalls)
    .sort((a, b) => b[1] - a[1])
    .map(([action, count]) => `${action} ${count}`)
    .join(", ");
  const apiRatio = figures.apiPhaseMs === undefined ? undefined : figures.apiPhaseMs / figures.boundMs;
  const cpu = Object.entries(figures.cpuMs)
    .filter(([, ms]) => ms >= 100)
    .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)}`)
    .join(", ");
  return {
    metric: `${figures.command}: wall time ÷ rate-limit bound (${seconds(figures.wallMs)} ÷ ${seconds(figures.boundMs)})`,
    value: ratio,
    unit: "×",
    ...(targeted ? { target: `≤ ${TARGET_RATIO}×`, met: figures.exitCode === 0 && ratio <= TARGET_RATIO } : {}),
    note:
      `${scaleNote}${targeted ? "" : "informative, not what users get; "}bound = ${figures.busiestAction} calls ÷ ` +
      `${RATE_LIMIT}/s (calls: ${calls}; ${figures.throttled} throttled). Fixed start-up ${seconds(fixedMs)} ` +
      `(same command, 1 resource per kind, time outside its API calls): net of it ` +
      `${times((figures.wallMs - fixedMs) / figures.boundMs)}. This command: ${seconds(figures.beforeFirstCallMs)} ` +
      `before the first API call, API phase ${seconds(figures.apiPhaseMs)} (${times(apiRatio)} the bound; kinds ` +
      `one after another would need ${seconds(figures.kindsInSequenceBoundMs)}), ${seconds(figures.afterLastCallMs)} ` +
      `after the last; ${figures.busiestAction} paced at ${times(figures.busiestPacing)} its limit; CPU s: ${cpu}` +
      (figures.exitCode === 0 ? "" : `; exited ${figures.exitCode}`),
  };
}

export async function benchCliScale(options: BenchOptions, scale: { resources?: number } = {}): Promise<BenchSection> {
  const total = scale.resources ?? (options.quick ? 30 : 200);
  const scaleNote = total === 200 ? "" : `N = ${total}, scaled down from 200${options.quick ? " (quick run)" : ""}; `;
  const plan = cliScaleStack(total);
  const probe = cliScaleStack(3);

  // Provides the CLI and the packed package's workspace, and sets the environment E2eStack reads.
  await globalSetup();
  const emulator = await startEmulator({ rateLimit: RATE_LIMIT, latencyMs: LATENCY_MS });
  const account = () => emulator.state().accounts[emulator.credentials.accessKeyId] ?? emptyAccount();
  const stacks: E2eStack[] = [];
  try {
    // One resource per kind: every process starts (an empty stack would not even start the provider), the API
    // work is a few calls, so the time outside them is the fixed start-up of each command.
    const small = await E2eStack.create("cli-scale-probe", emulator);
    stacks.push(small);
    small.setResources(probe.specs);
    const probeUp = await measure(emulator, small, "up (3)", UP);
    const probeRefresh = await measure(emulator, small, "refresh (3)", REFRESH);
    const probeDestroy = await measure(emulator, small, "destroy (3)", DESTROY);

    const stack = await E2eStack.create("cli-scale", emulator);
    stacks.push(stack);
    stack.setResources(plan.specs);
    const up = await measure(emulator, stack, `up (${total})`, UP);
    const missingAfterUp = missingFrom(account(), plan.specs);
    // Nothing to change: the engine, the program, and check and diff of every resource, with no API call.
    const noChangeUp = await measure(emulator, stack, `up, no changes (${total})`, UP);
    const refresh = await measure(emulator, stack, `refresh (${total})`, REFRESH);
    const missingAfterRefresh = missingFrom(account(), plan.specs);
    const destroy = await measure(emulator, stack, `destroy (${total})`, DESTROY);
    const leftAfterDestroy = heldCount(account());

    // The same up and destroy with the engine out of the way: no checkpoint after every step (the file backend
    // rewrites the whole state each time) and --parallel high enough to overlap the kinds. What is left is the
    // provider's own pacing against the limit. Informative: users get the defaults above.
    stack.setEnvironment({ PULUMI_SKIP_CHECKPOINTS: "true" });
    const engineOff = ["--parallel", String(UNCONSTRAINED_PARALLEL)];
    const unconstrainedUp = await measure(emulator, stack, `up (${total}), engine unconstrained`, [
      ...UP,
      ...engineOff,
    ]);
    const missingAfterUnconstrainedUp = missingFrom(account(), plan.specs);
    const unconstrainedDestroy = await measure(emulator, stack, `destroy (${total}), engine unconstrained`, [
      ...DESTROY,
      ...engineOff,
    ]);
    const leftAfterUnconstrainedDestroy = heldCount(account());
    const unconstrained = [unconstrainedUp, unconstrainedDestroy];

    const commands = [up, refresh, destroy];
    const probes = [probeUp, probeRefresh, probeDestroy];
    for (const figures of [...probes, ...commands, noChangeUp, ...unconstrained]) {
      if (figures.exitCode !== 0) process.stderr.write(`${figures.command} failed:\n${figures.outputTail}\n`);
    }

    const rows: BenchRow[] = commands.map((figures, index) =>
      commandRow(figures, probes[index] as CommandFigures, scaleNote, true),
    );
    rows.push(
      ...unconstrained.map((figures, index) =>
        commandRow(figures, probes[index === 0 ? 0 : 2] as CommandFigures, scaleNote, false),
      ),
    );
    rows.push({
      metric: `up, no changes (${total}): wall time`,
      value: noChangeUp.wallMs / 1000,
      unit: "s",
      note:
        `${scaleNote}the floor of any up of this stack: engine, program, check and diff of ${total} resources; ` +
        `${Object.values(noChangeUp.acceptedCalls).reduce((sum, count) => sum + count, 0)} API calls; CPU s: ` +
        Object.entries(noChangeUp.cpuMs)
          .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)}`)
          .join(", "),
    });
    rows.push({
      metric: "up: failed resources (declared, not held by the emulator afterwards)",
      value: up.exitCode === 0 ? missingAfterUp.length : Math.max(1, missingAfterUp.length),
      unit: "",
      target: "0",
      met:
        up.exitCode === 0 &&
        missingAfterUp.length === 0 &&
        unconstrainedUp.exitCode === 0 &&
        missingAfterUnconstrainedUp.length === 0,
      note:
        `${scaleNote}up exited ${up.exitCode}; ${total - missingAfterUp.length} of ${total} held ` +
        `(${plan.groups} groups on 4 vhosts × 2 apps, ${plan.relays} relays on 4 domains, ${plan.callbacks} callbacks); ` +
        `engine unconstrained: exited ${unconstrainedUp.exitCode}, ${total - missingAfterUnconstrainedUp.length} held`,
    });
    rows.push({
      metric: "destroy: configurations left in the emulator",
      value: leftAfterDestroy + leftAfterUnconstrainedDestroy,
      unit: "",
      target: "0",
      met:
        destroy.exitCode === 0 &&
        leftAfterDestroy === 0 &&
        unconstrainedDestroy.exitCode === 0 &&
        leftAfterUnconstrainedDestroy === 0,
      note: `after both destroys (${leftAfterDestroy} and ${leftAfterUnconstrainedDestroy})`,
    });
    const peakOver = (label: string) => Math.max(...commands.map((figures) => figures.peakRssKiB[label] ?? 0));
    rows.push({
      metric: "dynamic provider process: peak RSS (VmHWM) over up, refresh and destroy",
      value: mib(peakOver("provider")),
      unit: "MiB",
      note:
        `${scaleNote}up ${mib(up.peakRssKiB.provider).toFixed(0)}, refresh ${mib(refresh.peakRssKiB.provider).toFixed(0)}, ` +
        `destroy ${mib(destroy.peakRssKiB.provider).toFixed(0)} MiB; 1 resource per kind: ` +
        `${mib(probeUp.peakRssKiB.provider).toFixed(0)} MiB; /proc polled every 100 ms`,
    });
    rows.push({
      metric: "program process (up): peak RSS (VmHWM)",
      value: mib(up.peakRssKiB.program),
      unit: "MiB",
      note:
        `${scaleNote}1 resource per kind: ${mib(probeUp.peakRssKiB.program).toFixed(0)} MiB; ` +
        `engine (pulumi) ${mib(peakOver("engine")).toFixed(0)} MiB`,
    });

    const strip = ({ outputTail: _, ...figures }: CommandFigures) => figures;
    return {
      id: "cli",
      title: "CLI at scale",
      rows,
      details: {
        resources: total,
        stack: { groups: plan.groups, relays: plan.relays, callbacks: plan.callbacks },
        emulator: { rateLimitPerSecond: RATE_LIMIT, latencyMs: LATENCY_MS },
        // What a user gets: the provider's client defaults and the CLI's default --parallel.
        client: "provider defaults: 10 requests/s per action, burst 1",
        parallel: pulumiDefaultParallelism(),
        unconstrained: { env: "PULUMI_SKIP_CHECKPOINTS=true", parallel: UNCONSTRAINED_PARALLEL },
        commands: [...probes, up, noChangeUp, refresh, destroy, ...unconstrained].map(strip),
        missingAfterUp,
        missingAfterRefresh,
        leftAfterDestroy,
        missingAfterUnconstrainedUp,
        leftAfterUnconstrainedDestroy,
      },
    };
  } finally {
    for (const stack of stacks) stack.dispose();
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
      values.resources === undefined ? {} : { resources: Number(values.resources) },
    ),
  );
}
