/**
 * Provider overhead: what each resource kind's create, read, update and delete cost on top of the API calls they
 * make.
 *
 *   npm run bench -- --only provider            (part of the full table)
 *   npx ts-node --transpile-only bench/providerOverheadBenchmark.ts [--rounds 400] [--quick]
 *
 * Each op runs in-process against the emulator; the exact calls it made (action, body, result schema) are
 * recorded at the client and replayed through the same client from the same emulator state. Overhead is the
 * provider's time minus the replay's, paired op by op; the table shows the median. Rounds alternate which of the
 * two runs first, so neither side always gets the warmer caches.
 */
import { parseArgs } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { type RunningEmulator, startEmulator, type WorldState } from "../emulator";
import { FixedRelayV4Provider } from "../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../provider/resources/liveCallback/LiveCallbackProvider";
import type { ProviderRuntimeOptions } from "../provider/dynamic/ProviderRuntime";
import { RelayGroupV3Provider } from "../provider/resources/relayGroupV3/RelayGroupV3Provider";
import type { BenchOptions, BenchRow, BenchSection } from "./BenchSection";
import { emulatorRuntime } from "../scripts/lib/emulatorRuntime";
import { median } from "./median";
import { type RecordedCall, recordClientCalls } from "./recordClientCalls";
import { printSection } from "./printSection";

const TARGET_MS = 1;
const OPS = ["create", "read", "update", "delete"] as const;
type Op = (typeof OPS)[number];
type Props = Record<string, unknown>;
type Provider = Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "create" | "read" | "update" | "delete">>;

/**
 * Zero waits in the client (no rate limit, no retries expected) and the unit tests' short read guards. No guard
 * delay is ever taken: every op here finds what it looks for, which the recorded call lists confirm (a guard
 * re-read would show as an extra call).
 */
const RUNTIME_OPTIONS: ProviderRuntimeOptions = {
  client: { rateLimit: false, retry: { maxAttempts: 1 } },
  readGuardDelaysMs: [50, 100, 200],
  readCacheMs: 0,
};

const DOMAIN = "pull.example.com";
const VHOST = "push.example.com";

interface Subject {
  readonly kind: string;
  readonly provider: Provider;
  readonly inputs: Props;
  readonly updated: Props;
}

function subjects(runtime: ReturnType<typeof emulatorRuntime>): Subject[] {
  return [
    {
      kind: "RelayGroupV3",
      provider: new RelayGroupV3Provider(runtime),
      inputs: { vhost: VHOST, app: "live", group: "g0", servers: [{ protocol: "rtmp", domain: "origin.example.com" }] },
      updated: {
        vhost: VHOST,
        app: "live",
        group: "g0",
        servers: [
          { protocol: "flv", domain: "origin.example.com", params: { token: "a" } },
          { protocol: "rtmp", domain: "backup.example.com" },
        ],
      },
    },
    {
      kind: "FixedRelayV4",
      provider: new FixedRelayV4Provider(runtime),
      inputs: { domain: DOMAIN, app: "live", stream: "s0", sourceUrls: ["rtmp://origin.example.com/live/s0"] },
      updated: {
        domain: DOMAIN,
        app: "live",
        stream: "s0",
        sourceUrls: ["rtmp://origin.example.com/live/s0", "rtmp://backup.example.com/live/s0"],
        startTime: "2026-01-01T08:00:00Z",
        endTime: "2026-01-01T10:00:00Z",
      },
    },
    {
      kind: "LiveCallback",
      provider: new LiveCallbackProvider(runtime),
      inputs: {
        vhost: VHOST,
        app: "live",
        messageType: "push",
        callbacks: [{ url: "https://hooks.example.com/push" }],
      },
      updated: {
        vhost: VHOST,
        app: "live",
        messageType: "push",
        callbacks: [{ url: "https://hooks.example.com/push" }, { url: "https://backup.example.com/push" }],
        authEnabled: true,
        authKey: "callback-signing-key",
      },
    },
  ];
}

/** Neighbours in every scope the ops touch, so reads filter and V3 writes resend other groups as in real use. */
function seedWorld(emulator: RunningEmulator): WorldState {
  const created = "2026-01-01T00:00:00Z";
  return {
    version: 1,
    nextTaskId: 1,
    accounts: {
      [emulator.credentials.accessKeyId]: {
        relaySourcesV3: [
          {
            Vhost: VHOST,
            App: "live",
            GroupDetails: [1, 2, 3].map((i) => ({
              Group: `other${i}`,
              Servers: [{ RelaySourceDomain: `origin${i}.example.com`, RelaySourceProtocol: "rtmp" }],
            })),
          },
        ],
        relaySourcesV4: [1, 2, 3].map((i) => ({
          Domain: DOMAIN,
          App: "live",
          Stream: `other${i}`,
          SrcAddrS: [`rtmp://origin.example.com/live/other${i}`],
          StartTime: 0,
          EndTime: 0,
          TaskId: String(1_000 + i),
        })),
        callbacks: ["push_end", "snapshot", "record"].map((messageType) => ({
          Vhost: VHOST,
          Domain: "",
          App: "live",
          MessageType: messageType,
          CallbackDetailList: [{ CallbackType: "http", URL: `https://hooks.example.com/${messageType}` }],
          TranscodeCallback: 0,
          AuthEnable: false,
          AuthKeyPrimary: "",
          CreateTime: created,
          CreateTimeUTC: created,
        })),
      },
    },
  };
}

/** One resource's lifecycle state between ops: what the engine would hold in its snapshot. */
interface Held {
  id: string;
  outs: Props;
}

async function runOp(
  subject: Subject,
  destroyer: Provider,
  op: Op,
  checked: { inputs: Props; updated: Props },
  held: Held,
) {
  switch (op) {
    case "create": {
      const result = await subject.provider.create(checked.inputs);
      held.id = result.id;
      held.outs = result.outs ?? {};
      return;
    }
    case "read": {
      const result = await subject.provider.read(held.id, held.outs);
      if (result.id !== held.id) throw new Error(`${subject.kind} read lost ${held.id}`);
      return;
    }
    case "update": {
      const result = await subject.provider.update(held.id, held.outs, checked.updated);
      held.outs = result.outs ?? {};
      return;
    }
    case "delete":
      await destroyer.delete(held.id, held.outs);
      return;
  }
}

function signatureOf(calls: readonly RecordedCall[]): string {
  return JSON.stringify(calls.map((call) => [call.action, call.body]));
}

/** The emulator answered every call since the last clear without an error, and saw exactly `expected` calls. */
function assertClean(emulator: RunningEmulator, expected: number, what: string): void {
  const { requests } = emulator.requests();
  const failed = requests.filter((entry) => entry.code !== undefined);
  if (requests.length !== expected || failed.length > 0) {
    throw new Error(
      `${what}: the emulator saw ${requests.length} calls (expected ${expected}), ${failed.length} failed: ` +
        failed.map((entry) => `${entry.action} ${entry.code}`).join(", "),
    );
  }
}

interface Samples {
  provider: number[];
  replay: number[];
  overhead: number[];
  actions: string[];
}

export async function benchProviderOverhead(
  options: BenchOptions,
  load: { rounds?: number; warmupRounds?: number } = {},
): Promise<BenchSection> {
  const rounds = load.rounds ?? (options.quick ? 40 : 400);
  const warmupRounds = load.warmupRounds ?? (options.quick ? 5 : 20);
  const emulator = await startEmulator({ rateLimit: 0, latencyMs: 0 });
  const runtime = emulatorRuntime(emulator, RUNTIME_OPTIONS);
  // Deletes run as in `pulumi destroy`: a provider process whose program declared nothing. In the process that
  // checked the inputs, a delete at a declared key hands the configuration over instead of deleting it.
  const destroyRuntime = emulatorRuntime(emulator, RUNTIME_OPTIONS);
  const recorders = { live: recordClientCalls(runtime.client), destroy: recordClientCalls(destroyRuntime.client) };
  const recorderFor = (op: Op) => (op === "delete" ? recorders.destroy : recorders.live);
  const seed = seedWorld(emulator);
  const kinds = subjects(runtime);
  const destroyers = new Map(subjects(destroyRuntime).map((subject) => [subject.kind, subject.provider]));
  const samples = new Map<string, Samples>();
  const lastCalls = new Map<string, RecordedCall[]>();
  let mismatches = 0;

  try {
    const checked = new Map<string, { inputs: Props; updated: Props }>();
    for (const subject of kinds) {
      const inputs = await subject.provider.check({}, subject.inputs);
      const updated = await subject.provider.check(inputs.inputs ?? {}, subject.updated);
      if (inputs.failures?.length || updated.failures?.length) throw new Error(`${subject.kind}: inputs fail check`);
      checked.set(subject.kind, { inputs: inputs.inputs ?? {}, updated: updated.inputs ?? {} });
    }

    for (let round = 0; round < warmupRounds + rounds; round++) {
      // Rotate the kinds too, so none always follows the same one.
      const order = kinds.map((_, k) => kinds[(k + round) % kinds.length] as Subject);
      for (const subject of order) {
        emulator.setState(seed);
        const held: Held = { id: "", outs: {} };
        for (const op of OPS) {
          const key = `${subject.kind} ${op}`;
          const before = emulator.state();
          const previous = lastCalls.get(key);
          const replayFirst = previous !== undefined && round % 2 === 1;
          let replayMs = 0;
          if (replayFirst) {
            emulator.clearRequests();
            const started = performance.now();
            await recorderFor(op).replay(previous);
            replayMs = performance.now() - started;
            assertClean(emulator, previous.length, `${key} replay`);
            emulator.setState(before);
          }

          emulator.clearRequests();
          recorderFor(op).take();
          const started = performance.now();
          const destroyer = destroyers.get(subject.kind) as Provider;
          await runOp(subject, destroyer, op, checked.get(subject.kind) as { inputs: Props; updated: Props }, held);
          const providerMs = performance.now() - started;
          const calls = recorderFor(op).take();
          assertClean(emulator, calls.length, key);

          if (!replayFirst) {
            const after = emulator.state();
            emulator.setState(before);
            emulator.clearRequests();
            const replayStarted = performance.now();
            await recorderFor(op).replay(calls);
            replayMs = performance.now() - replayStarted;
            assertClean(emulator, calls.length, `${key} replay`);
            emulator.setState(after);
          }

          // A replay from the previous round only counts if this round's op made the very same calls.
          if (replayFirst && signatureOf(previous) !== signatureOf(calls)) {
            mismatches += 1;
          } else if (round >= warmupRounds) {
            const entry = samples.get(key) ?? { provider: [], replay: [], overhead: [], actions: [] };
            entry.provider.push(providerMs);
            entry.replay.push(replayMs);
            entry.overhead.push(providerMs - replayMs);
            entry.actions = calls.map((call) => call.action);
            samples.set(key, entry);
          }
          lastCalls.set(key, calls);
        }
      }
    }
  } finally {
    await runtime.close();
    await destroyRuntime.close();
    await emulator.stop();
  }

  const rows: BenchRow[] = [];
  const perOp: Record<string, unknown> = {};
  for (const subject of kinds) {
    for (const op of OPS) {
      const key = `${subject.kind} ${op}`;
      const entry = samples.get(key) ?? { provider: [], replay: [], overhead: [], actions: [] };
      const overhead = median(entry.overhead);
      perOp[key] = {
        samples: entry.overhead.length,
        medianOverheadMs: round3(overhead),
        p90OverheadMs: round3(percentile(entry.overhead, 0.9)),
        medianProviderMs: round3(median(entry.provider)),
        medianReplayMs: round3(median(entry.replay)),
        calls: entry.actions,
      };
      rows.push({
        metric: `${key}: provider time − replay of its API calls (median)`,
        value: overhead,
        unit: "ms",
        target: `< ${TARGET_MS} ms`,
        met: overhead < TARGET_MS,
        note:
          `${entry.overhead.length} paired ops; calls: ${entry.actions.join(" + ") || "none"}` +
          (options.quick ? "; quick run" : ""),
      });
    }
  }
  return {
    id: "provider",
    title: "Provider overhead",
    rows,
    details: {
      rounds,
      warmupRounds,
      mismatchedReplays: mismatches,
      settings:
        "in-process emulator (rate limit 0, latency 0); client rate limit off; readCacheMs 0; read guards 50/100/200 ms, never taken",
      perOp,
    },
  };
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { rounds: { type: "string" }, quick: { type: "boolean", default: false } },
  });
  printSection(
    benchProviderOverhead(
      { quick: values.quick ?? false },
      values.rounds === undefined ? {} : { rounds: Number(values.rounds) },
    ),
  );
}
