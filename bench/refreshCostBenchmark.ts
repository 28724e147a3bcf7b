/**
 * Refresh cost: API calls (counted by the emulator) to refresh many resources of one kind sharing one Domain or
 * Vhost, and the refresh's wall time.
 *
 *   npm run bench -- --only refresh             (part of the full table)
 *   npx ts-node --transpile-only bench/refreshCostBenchmark.ts [--quick]
 *
 * The resources are created through the provider, so the stored outputs are exactly what `create` records. The
 * refresh then calls `read` for each one as `pulumi refresh` does: in snapshot order, through a pool of as many
 * workers as the engine's default parallelism, all served by one fresh provider runtime with default settings
 * (a refresh starts a new provider process, so its read cache starts empty). Each fleet is refreshed twice: as
 * fast as the provider answers, and paced to last longer than the read cache's 2 s as the real engine's refresh
 * does, so the call counts hold for a refresh of any length, not only for a fast in-process one.
 */
import { parseArgs } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { type RunningEmulator, startEmulator } from "../emulator";
import { canonical } from "../provider/dynamic/diffInputs";
import { FixedRelayV4Provider } from "../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../provider/resources/liveCallback/LiveCallbackProvider";
import type { ProviderRuntime } from "../provider/dynamic/ProviderRuntime";
import { RelayGroupV3Provider } from "../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { CALLBACK_MESSAGE_TYPES as MESSAGE_TYPES } from "../provider/api/CallbackMessageType";
import { MAX_LIST_PAGE_SIZE } from "../provider/api/relaySourceV4";
import type { BenchOptions, BenchRow, BenchSection } from "./BenchSection";
import { emulatorRuntime } from "../scripts/lib/emulatorRuntime";
import { forEachConcurrently } from "./forEachConcurrently";
import { pulumiDefaultParallelism } from "./pulumiDefaultParallelism";
import { printSection } from "./printSection";

type Props = Record<string, unknown>;
type Provider = Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "create" | "read">>;

const DOMAIN = "pull.example.com";
const VHOST = "push.example.com";

interface Fleet {
  readonly kind: string;
  readonly count: number;
  /** The one action a refresh of this kind should call, and the most calls the issue allows for the fleet. */
  readonly readAction: string;
  readonly maxReadCalls: number;
  readonly target: string;
  provider(runtime: ProviderRuntime): Provider;
  inputs(index: number): Props;
}

function fleets(quick: boolean): Fleet[] {
  const v4 = quick ? 200 : 1_000;
  const v3 = quick ? 60 : 300;
  const callbacks = quick ? 60 : 300;
  const appsV3 = 10;
  return [
    {
      kind: "FixedRelayV4",
      count: v4,
      readAction: "ListRelaySourceV4",
      maxReadCalls: 2 * Math.ceil(v4 / MAX_LIST_PAGE_SIZE),
      target: `≤ 2·⌈N/${MAX_LIST_PAGE_SIZE}⌉ = ${2 * Math.ceil(v4 / MAX_LIST_PAGE_SIZE)}`,
      provider: (runtime) => new FixedRelayV4Provider(runtime),
      inputs: (i) => ({
        domain: DOMAIN,
        app: "live",
        stream: `s${i}`,
        sourceUrls: [`rtmp://origin.example.com/live/s${i}`],
        // Half scheduled, half permanent: both shapes go through the read mapping.
        ...(i % 2 === 0 ? {} : { startTime: 1_767_225_600, endTime: 1_767_225_600 + 3_600 + i }),
      }),
    },
    {
      kind: "RelayGroupV3",
      count: v3,
      readAction: "DescribeRelaySourceV3",
      maxReadCalls: 2,
      target: "≤ 2 (one vhost)",
      provider: (runtime) => new RelayGroupV3Provider(runtime),
      // Spread over several apps of the vhost: one Describe answers for all of them.
      inputs: (i) => ({
        vhost: VHOST,
        app: `app${i % appsV3}`,
        group: `g${Math.floor(i / appsV3)}`,
        servers: [{ protocol: i % 2 === 0 ? "rtmp" : "flv", domain: `origin${i % 7}.example.com` }],
      }),
    },
    {
      kind: "LiveCallback",
      count: callbacks,
      readAction: "DescribeCallback",
      maxReadCalls: 2,
      target: "≤ 2 (one vhost)",
      provider: (runtime) => new LiveCallbackProvider(runtime),
      // (App, MessageType) is the key within a vhost: every message type of as many apps as needed.
      inputs: (i) => ({
        vhost: VHOST,
        app: `app${Math.floor(i / MESSAGE_TYPES.length)}`,
        messageType: MESSAGE_TYPES[i % MESSAGE_TYPES.length],
        callbacks: [{ url: `https://hooks.example.com/${i}` }],
      }),
    },
  ];
}

interface Stored {
  readonly id: string;
  readonly outs: Props;
}

/** Creates the fleet through the provider, with the tests' fast settings: only the stored outputs matter here. */
async function createFleet(emulator: RunningEmulator, fleet: Fleet, parallelism: number): Promise<Stored[]> {
  const runtime = emulatorRuntime(emulator, {
    client: { rateLimit: false, retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } },
    readGuardDelaysMs: [50, 100, 200],
    readCacheMs: 0,
  });
  const provider = fleet.provider(runtime);
  const stored: Stored[] = new Array(fleet.count);
  try {
    await forEachConcurrently(
      Array.from({ length: fleet.count }, (_, i) => i),
      parallelism,
      async (i) => {
        const checked = await provider.check({}, fleet.inputs(i));
        if (checked.failures?.length) throw new Error(`${fleet.kind} #${i}: ${JSON.stringify(checked.failures)}`);
        const created = await provider.create(checked.inputs ?? {});
        stored[i] = { id: created.id, outs: created.outs ?? {} };
      },
    );
  } finally {
    await runtime.close();
  }
  return stored;
}

interface RefreshResult {
  readonly calls: Record<string, number>;
  readonly wallMs: number;
  /** Reads whose answer differs from the stored outputs (or that lost the resource): there was no drift. */
  readonly changed: number;
}

/**
 * One refresh. `stepMs` stands for the engine's own time per step (gRPC, snapshot writes), which spreads a real
 * refresh over seconds: 0 reads as fast as the provider answers.
 */
async function refresh(
  emulator: RunningEmulator,
  fleet: Fleet,
  stored: readonly Stored[],
  parallelism: number,
  stepMs: number,
): Promise<RefreshResult> {
  const runtime = emulatorRuntime(emulator);
  const provider = fleet.provider(runtime);
  let changed = 0;
  emulator.clearRequests();
  const started = performance.now();
  let wallMs: number;
  try {
    await forEachConcurrently(stored, parallelism, async ({ id, outs }) => {
      if (stepMs > 0) await new Promise((resolve) => setTimeout(resolve, stepMs));
      const read = await provider.read(id, outs);
      if (read.id !== id || canonical(read.props) !== canonical(outs)) changed += 1;
    });
    wallMs = performance.now() - started;
  } finally {
    await runtime.close();
  }
  const calls = Object.fromEntries(
    Object.entries(emulator.requests().counters).map(([action, counter]) => [action, counter.requests]),
  );
  return { calls, wallMs, changed };
}

/**
 * How long the paced refresh lasts: longer than the default read cache (2 s), as a real one is. `pulumi refresh`
 * of 1,000 FixedRelayV4 against the emulator spent 4.3 s reading on this project's 2-core machine.
 */
const PACED_REFRESH_MS = 6_000;

function callRows(label: string, fleet: Fleet, result: RefreshResult, note: string | undefined): BenchRow[] {
  const readCalls = result.calls[fleet.readAction] ?? 0;
  const otherCalls = Object.entries(result.calls)
    .filter(([action]) => action !== fleet.readAction)
    .reduce((sum, [, count]) => sum + count, 0);
  return [
    {
      metric: `${label}: ${fleet.readAction} calls`,
      value: readCalls,
      unit: "calls",
      target: fleet.target,
      met: readCalls <= fleet.maxReadCalls,
      note,
    },
    { metric: `${label}: other calls`, value: otherCalls, unit: "calls", target: "0", met: otherCalls === 0 },
    {
      metric: `${label}: reads that differ from state (there was no drift)`,
      value: result.changed,
      unit: "",
      target: "0",
      met: result.changed === 0,
    },
  ];
}

export async function benchRefreshCost(options: BenchOptions): Promise<BenchSection> {
  const parallelism = pulumiDefaultParallelism();
  const pacedMs = options.quick ? PACED_REFRESH_MS / 2 : PACED_REFRESH_MS;
  const emulator = await startEmulator({ rateLimit: 0, latencyMs: 0 });
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = { parallelism, pacedRefreshMs: pacedMs };
  const scaled = options.quick ? "quick run: N scaled down from 1,000 V4 / 300 V3 / 300 callbacks" : undefined;
  try {
    for (const fleet of fleets(options.quick)) {
      emulator.reset();
      const stored = await createFleet(emulator, fleet, parallelism);
      const label = `${fleet.kind} × ${fleet.count.toLocaleString("en-US")} refresh`;

      const fast = await refresh(emulator, fleet, stored, parallelism, 0);
      rows.push(...callRows(label, fleet, fast, scaled), {
        metric: `${label}: wall time`,
        value: fast.wallMs,
        unit: "ms",
        note: `in-process, ${parallelism} reads at a time (the engine's default), client rate limit at its default`,
      });

      // The same refresh at the pace of the real engine: the read cache must carry it, not the provider's speed.
      const stepMs = (pacedMs * parallelism) / fleet.count;
      const paced = await refresh(emulator, fleet, stored, parallelism, stepMs);
      rows.push(
        ...callRows(
          `${label} spread over ${(paced.wallMs / 1000).toFixed(1)} s`,
          fleet,
          paced,
          `${stepMs.toFixed(0)} ms of engine time per step, as a real refresh lasts longer than the 2 s read cache`,
        ),
      );
      details[fleet.kind] = {
        resources: fleet.count,
        callsPerAction: fast.calls,
        wallMs: Math.round(fast.wallMs),
        changedReads: fast.changed,
        paced: {
          stepMs: Math.round(stepMs),
          callsPerAction: paced.calls,
          wallMs: Math.round(paced.wallMs),
          changedReads: paced.changed,
        },
      };
    }
  } finally {
    await emulator.stop();
  }
  return { id: "refresh", title: "Refresh cost", rows, details };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  printSection(benchRefreshCost({ quick: values.quick ?? false }));
}
