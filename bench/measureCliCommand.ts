import * as fs from "node:fs";
import type { RunningEmulator } from "../emulator";
import type { CliStack } from "./CliStack";
import { startProcessSampler } from "./processSampler";

const THROTTLED_CODES = new Set(["FlowLimitExceeded", "AccountFlowLimitExceeded"]);

export interface CommandFigures {
  readonly command: string;
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** Calls that passed the emulator's limiter, per action. */
  readonly acceptedCalls: Record<string, number>;
  readonly throttled: number;
  readonly errors: Record<string, number>;
  readonly busiestAction: string | undefined;
  /** The busiest action's accepted calls ÷ the rate limit, in ms. */
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

/**
 * Runs one CLI command, timing it and sampling the stack's processes, with the emulator's log cleared first; the
 * log then tells the accepted calls per action, when the first and last were answered, and how the busiest
 * action's calls were paced against the limit.
 */
export async function measureCliCommand(
  emulator: RunningEmulator,
  stack: CliStack,
  rateLimit: number,
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
    boundMs: ((busiest?.[1] ?? 0) / rateLimit) * 1000,
    kindsInSequenceBoundMs: (Object.values(busiestByKind).reduce((sum, count) => sum + count, 0) / rateLimit) * 1000,
    beforeFirstCallMs: first === undefined ? undefined : first - startedAt,
    apiPhaseMs: first === undefined || last === undefined ? undefined : last - first,
    afterLastCallMs: last === undefined ? undefined : endedAt - last,
    busiestPacing:
      busiestTimes.length < 2
        ? undefined
        : (Math.max(...busiestTimes) - Math.min(...busiestTimes)) / (((busiestTimes.length - 1) / rateLimit) * 1000),
    peakRssKiB,
    cpuMs,
    outputTail: result.code === 0 ? "" : result.output.slice(-4000),
  };
}

/** Time a command spends outside its API calls: before the first and after the last (all of it if none). */
export function outsideApiMs(figures: CommandFigures): number {
  return figures.apiPhaseMs === undefined ? figures.wallMs : figures.wallMs - figures.apiPhaseMs;
}
