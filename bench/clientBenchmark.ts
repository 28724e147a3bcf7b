/**
 * Client overhead: requests/s against the emulator through our LiveClient, against the same calls signed with the
 * official `@volcengine/openapi` Signer and sent through a bare undici Pool, at the same concurrency and mix. A third
 * side, our signRequest with the same bare Pool, splits what signing costs from what the rest of the client costs.
 *
 *   npm run bench -- --only client
 *   npx ts-node --transpile-only bench/clientBenchmark.ts [--quick] [--concurrency 16]
 *
 * The emulator runs as its CLI in a child process (signature verification on, server rate limit off), not in this
 * process: in-process, its own work (verifying signatures, JSON, state) would share this event loop and be counted
 * into both sides' time, hiding the difference between the clients. Apart, it runs on the other core, and this
 * process's CPU time is the clients' alone, which gives a second, less noisy measure: client CPU per request.
 */
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { z } from "zod";
import { DEFAULT_CREDENTIALS } from "../emulator/EmulatorOptions";
import { describeCallbackResultSchema, updateCallback } from "../provider/api/callback";
import { describeRelaySourceV3ResultSchema, updateRelaySourceV3 } from "../provider/api/relaySourceV3";
import { createRelaySourceV4, listRelaySourceV4ResultSchema } from "../provider/api/relaySourceV4";
import { LiveClient } from "../provider/client/LiveClient";
import { signRequest } from "../provider/signer/signRequest";
import type { BenchOptions, BenchSection } from "./BenchSection";
import { median } from "./median";
import { medianOfRounds } from "./medianOfRounds";
import { signWithOfficialSdk } from "./signWithOfficialSdk";
import { startEmulatorProcess } from "./startEmulatorProcess";
import { printSection } from "./printSection";

const VERSION = "2023-01-01";

/** The mix: reads that return seeded configurations (so results are parsed for real) and one write. */
const MIX: ReadonlyArray<{ readonly action: string; readonly body: object; readonly result: z.ZodType }> = [
  { action: "DescribeCallback", body: { Vhost: "push.example.com" }, result: describeCallbackResultSchema },
  {
    action: "ListRelaySourceV4",
    body: { Domain: "pull.example.com", Size: 20 },
    result: listRelaySourceV4ResultSchema,
  },
  {
    action: "UpdateCallback",
    body: {
      Vhost: "push.example.com",
      App: "live",
      MessageType: "push",
      CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/push" }],
    },
    result: z.unknown(),
  },
  { action: "DescribeRelaySourceV3", body: { Vhost: "push.example.com" }, result: describeRelaySourceV3ResultSchema },
];

/** Gives the reads something to return: five relays, a play-triggered group and a callback. */
async function seed(client: LiveClient): Promise<void> {
  for (let index = 0; index < 5; index++) {
    await createRelaySourceV4(client, {
      Domain: "pull.example.com",
      App: "live",
      Stream: `match-${index}`,
      SrcAddrS: [`rtmp://origin.example.com/live/match-${index}`],
    });
  }
  await updateRelaySourceV3(client, {
    Vhost: "push.example.com",
    App: "live",
    GroupDetails: [
      { Group: "g1", Servers: [{ RelaySourceDomain: "origin.example.com:1935", RelaySourceProtocol: "rtmp" }] },
    ],
  });
  await updateCallback(client, MIX[2]?.body as Parameters<typeof updateCallback>[1]);
}

/** `count` requests over `concurrency` workers, each taking the next request of the mix. */
async function runLoad(count: number, concurrency: number, send: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await send(index);
    }),
  );
  return count;
}

export async function benchClient(
  options: BenchOptions,
  load: { concurrency?: number; requestsPerRound?: number } = {},
): Promise<BenchSection> {
  const concurrency = load.concurrency ?? 16;
  const requestsPerRound = load.requestsPerRound ?? (options.quick ? 300 : 1000);
  const plan = options.quick ? { warmUpRounds: 1, rounds: 3 } : { warmUpRounds: 2, rounds: 7 };

  const emulator = await startEmulatorProcess(["--rate-limit", "0", "--quiet"]);
  const origin = new URL(emulator.url);
  // Client-side rate limit off; the default Agent has 16 connections, as the Pool below.
  const client = new LiveClient({
    endpoint: emulator.url,
    credentials: DEFAULT_CREDENTIALS,
    rateLimit: false,
    env: {},
  });
  const pool = new Pool(origin.origin, { connections: 16 });
  try {
    await seed(client);
    const bodies = MIX.map((call) => JSON.stringify(call.body));

    const liveClient = (index: number) => {
      const call = MIX[index % MIX.length] as (typeof MIX)[number];
      return client.call(call.action, call.body, { result: call.result }).then(() => undefined);
    };
    // What a caller of a bare signer has to do at least: sign, send, read the body and check the envelope.
    const bare = (sign: typeof signRequest, headers: Record<string, string>) => async (index: number) => {
      const call = MIX[index % MIX.length] as (typeof MIX)[number];
      const body = bodies[index % MIX.length] as string;
      const signed = sign(
        { method: "POST", path: "/", query: { Action: call.action, Version: VERSION }, headers, body },
        { credentials: DEFAULT_CREDENTIALS, region: "cn-north-1", service: "live", date: new Date() },
      );
      const response = await pool.request({
        path: `/?Action=${call.action}&Version=${VERSION}`,
        method: "POST",
        headers: signed,
        body,
      });
      const envelope = JSON.parse(await response.body.text()) as { ResponseMetadata?: { Error?: { Code?: string } } };
      if (response.statusCode !== 200 || envelope.ResponseMetadata?.Error?.Code) {
        throw new Error(`${call.action}: HTTP ${response.statusCode} ${JSON.stringify(envelope.ResponseMetadata)}`);
      }
    };
    const senders = {
      ours: liveClient,
      // Signed as the SDK's Service does: Content-Type present but unsigned, no Host header at signing time.
      official: bare(signWithOfficialSdk, { "Content-Type": "application/json" }),
      // Our signer without the client around it (headers as LiveClient signs them): splits signing from the rest.
      signerOnly: bare(signRequest, { Host: origin.host, "Content-Type": "application/json" }),
    };
    type Name = keyof typeof senders;

    // CPU time of this process per request, per round (warm-up rounds dropped below).
    const cpuPerRequestUs: Record<Name, number[]> = { ours: [], official: [], signerOnly: [] };
    const contestants = {} as Record<Name, () => Promise<number>>;
    for (const name of Object.keys(senders) as Name[]) {
      contestants[name] = async () => {
        const cpu = process.cpuUsage();
        const done = await runLoad(requestsPerRound, concurrency, senders[name]);
        const used = process.cpuUsage(cpu);
        cpuPerRequestUs[name].push((used.user + used.system) / done);
        return done;
      };
    }
    const results = await medianOfRounds(contestants, plan);

    // Per-request time is 1/rate, so ours/official time is official/ours rate; taken within each round.
    const overhead = median(results.ours.rates.map((rate, round) => (results.official.rates[round] as number) / rate));
    const cpu = Object.fromEntries(
      (Object.keys(senders) as Name[]).map((name) => [name, median(cpuPerRequestUs[name].slice(plan.warmUpRounds))]),
    ) as Record<Name, number>;
    const scale = options.quick ? `quick run: ${plan.rounds} rounds of ${requestsPerRound}; ` : "";
    const shape = `${concurrency} concurrent, ${MIX.length}-action mix, emulator in a child process`;

    return {
      id: "client",
      title: "Client",
      rows: [
        {
          metric: "LiveClient (ours)",
          value: results.ours.median,
          unit: "req/s",
          note: `${scale}${shape}; median of ${plan.rounds} alternating rounds of ${requestsPerRound}`,
        },
        { metric: "official SDK Signer + undici Pool, same calls", value: results.official.median, unit: "req/s" },
        {
          metric: "overhead: ours / SDK+undici per-request time",
          value: overhead,
          unit: "×",
          note: "median of per-round ratios; wall clock, so the emulator's time is in both",
        },
        { metric: "client CPU per request: LiveClient", value: cpu.ours, unit: "µs" },
        { metric: "client CPU per request: SDK Signer + undici", value: cpu.official, unit: "µs" },
        {
          metric: "client CPU per request: our signRequest + undici (no client)",
          value: cpu.signerOnly,
          unit: "µs",
          note: "LiveClient minus this is the client's own work: endpoint and credentials, deadlines, redaction, envelope and result validation",
        },
        {
          metric: "client CPU: LiveClient / SDK+undici",
          value: cpu.ours / cpu.official,
          unit: "×",
          note: "this process only, so the emulator's time is out",
        },
      ],
      details: {
        concurrency,
        requestsPerRound,
        rounds: plan,
        mix: MIX.map((call) => call.action),
        requestsPerSecond: Object.fromEntries(
          Object.entries(results).map(([name, rates]) => [
            name,
            { median: Math.round(rates.median), rounds: rates.rates.map(Math.round) },
          ]),
        ),
        cpuPerRequestUs: Object.fromEntries(
          Object.entries(cpuPerRequestUs).map(([name, values]) => [name, values.map(Math.round)]),
        ),
        overhead: Number(overhead.toFixed(3)),
      },
    };
  } finally {
    await client.close();
    await pool.close();
    await emulator.stop();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, concurrency: { type: "string", default: "16" } },
  });
  printSection(benchClient({ quick: values.quick ?? false }, { concurrency: Number(values.concurrency) }));
}
