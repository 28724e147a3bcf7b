/**
 * Emulator throughput with signature verification on: requests/s over loopback from a separate load process.
 *
 *   npm run bench -- --only emulator          (part of the full table)
 *   npm run bench:emulator [-- --seconds 5 --connections 16]
 *
 * The emulator runs as its CLI in a child process, the load generator here; each request is freshly signed with
 * the package's signRequest and sent through an undici Pool.
 */
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { DEFAULT_CREDENTIALS } from "../emulator/EmulatorOptions";
import { signRequest } from "../provider/signer/signRequest";
import type { BenchOptions, BenchSection } from "./BenchSection";
import { printSection } from "./printSection";
import { startEmulatorProcess } from "./startEmulatorProcess";

function signed(host: string, action: string, body: string) {
  return signRequest(
    {
      method: "POST",
      path: "/",
      query: { Action: action, Version: "2023-01-01" },
      headers: { Host: host, "Content-Type": "application/json" },
      body,
    },
    { credentials: DEFAULT_CREDENTIALS, region: "cn-north-1", service: "live", date: new Date() },
  );
}

export async function benchEmulatorThroughput(
  options: BenchOptions,
  load: { seconds?: number; connections?: number } = {},
): Promise<BenchSection> {
  const seconds = load.seconds ?? (options.quick ? 1 : 5);
  const connections = load.connections ?? 16;
  const emulator = await startEmulatorProcess(["--rate-limit", "0", "--quiet"]);
  const url = emulator.url;
  const host = new URL(url).host;
  const pool = new Pool(url, { connections });
  const mix = [
    ["DescribeCallback", JSON.stringify({ Vhost: "push.example.com" })],
    ["ListRelaySourceV4", JSON.stringify({ Domain: "pull.example.com", Size: 20 })],
    [
      "UpdateCallback",
      JSON.stringify({
        Vhost: "push.example.com",
        App: "live",
        MessageType: "push",
        CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/push" }],
      }),
    ],
    ["DescribeRelaySourceV3", JSON.stringify({ Vhost: "push.example.com" })],
  ] as const;
  let completed = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let index = worker; performance.now() < deadline; index += connections) {
        const [action, body] = mix[index % mix.length] as readonly [string, string];
        const response = await pool.request({
          path: `/?Action=${action}&Version=2023-01-01`,
          method: "POST",
          headers: signed(host, action, body),
          body,
        });
        await response.body.text();
        if (response.statusCode === 200) completed += 1;
        else failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  await emulator.stop();
  const rate = completed / elapsed;
  return {
    id: "emulator",
    title: "Emulator",
    rows: [
      {
        metric: `requests/s, signature verification on (${connections} connections, ${seconds} s, separate load process)`,
        value: rate,
        unit: "req/s",
        note: options.quick ? "quick run: 1 s" : undefined,
      },
      { metric: "failed requests", value: failed, unit: "", target: "0", met: failed === 0 },
    ],
    details: { emulatorRequestsPerSecond: Math.round(rate), completed, failed, connections, seconds },
  };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "5" }, connections: { type: "string", default: "16" } },
  });
  printSection(
    benchEmulatorThroughput(
      { quick: false },
      { seconds: Number(values.seconds), connections: Number(values.connections) },
    ),
  );
}
