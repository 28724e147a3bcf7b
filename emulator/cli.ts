#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_CREDENTIALS } from "./EmulatorOptions";
import { startEmulator } from "./startEmulator";

const HELP = `volc-live-emulator: a local emulator of the Volcengine Live relay and callback OpenAPI (2023-01-01)

Usage: volc-live-emulator [options]

When ready it prints one JSON line on stdout, {"url":"http://127.0.0.1:PORT","accessKeyId":"...","pid":N};
logs go to stderr. SIGINT or SIGTERM stops it cleanly.

Options:
  --port N                        port on 127.0.0.1; 0 picks a free one (default 0)
  --host ADDRESS                  loopback address to listen on (default 127.0.0.1)
  --credentials AK:SK             an accepted key pair, one account each; repeatable
                                  (default ${DEFAULT_CREDENTIALS.accessKeyId}:${DEFAULT_CREDENTIALS.secretAccessKey})
  --auth signature|access-key     verify HMAC-SHA256 signatures (default), or only check the access key
  --state-file PATH               JSON state loaded at start and rewritten atomically after each change
  --seed N                        seeds fault probabilities and TaskIds (default 0)
  --rate-limit N                  requests/s per account and action, 0 = off (default 10)
  --latency-ms N                  added to every API response (default 0)
  --v3-update merge|replace-all   UpdateRelaySourceV3 keeps unnamed groups, or replaces them (default merge)
  --delete-missing ok|error       deleting an absent config succeeds, or fails (default ok)
  --read-after-write-delay-ms N   changes show in Describe/List only after N ms (default 0)
  --callback-auth-key plain|masked  DescribeCallback returns AuthKeyPrimary as is, or masked (default plain)
  --faults PATH                   a JSON array of fault rules to start with (see docs/emulator.md)
  --quiet                         no per-request log lines
  --help                          this text

Control API (unsigned, loopback only): POST /_emulator/reset; GET|PUT /_emulator/state;
GET|DELETE /_emulator/requests; GET|PUT|DELETE /_emulator/faults.
`;

const integer = (flag: string, min: number) =>
  z.coerce
    .number({ error: `--${flag} must be a number` })
    .int(`--${flag} must be a whole number`)
    .min(min, `--${flag} must be at least ${min}`);

const flagsSchema = z.object({
  port: integer("port", 0).max(65535, "--port must be at most 65535").default(0),
  host: z.string().default("127.0.0.1"),
  credentials: z
    .array(z.string().regex(/^[^:]+:.+$/, "--credentials must be ACCESS_KEY:SECRET_KEY"))
    .default([])
    .transform((pairs) =>
      pairs.map((pair) => {
        const index = pair.indexOf(":");
        return { accessKeyId: pair.slice(0, index), secretAccessKey: pair.slice(index + 1) };
      }),
    ),
  auth: z.enum(["signature", "access-key"], { error: "--auth must be signature or access-key" }).default("signature"),
  "state-file": z.string().min(1).optional(),
  seed: integer("seed", 0).default(0),
  "rate-limit": integer("rate-limit", 0).default(10),
  "latency-ms": integer("latency-ms", 0).default(0),
  "v3-update": z.enum(["merge", "replace-all"], { error: "--v3-update must be merge or replace-all" }).default("merge"),
  "delete-missing": z.enum(["ok", "error"], { error: "--delete-missing must be ok or error" }).default("ok"),
  "read-after-write-delay-ms": integer("read-after-write-delay-ms", 0).default(0),
  "callback-auth-key": z
    .enum(["plain", "masked"], { error: "--callback-auth-key must be plain or masked" })
    .default("plain"),
  faults: z.string().min(1).optional(),
  quiet: z.boolean().default(false),
  help: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      credentials: { type: "string", multiple: true },
      auth: { type: "string" },
      "state-file": { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "string" },
      "latency-ms": { type: "string" },
      "v3-update": { type: "string" },
      "delete-missing": { type: "string" },
      "read-after-write-delay-ms": { type: "string" },
      "callback-auth-key": { type: "string" },
      faults: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  const flags = flagsSchema.parse(values);
  if (flags.help) {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator({
    port: flags.port,
    host: flags.host,
    credentials: flags.credentials,
    auth: flags.auth,
    stateFile: flags["state-file"],
    seed: flags.seed,
    rateLimit: flags["rate-limit"],
    latencyMs: flags["latency-ms"],
    v3Update: flags["v3-update"],
    deleteMissing: flags["delete-missing"],
    readAfterWriteDelayMs: flags["read-after-write-delay-ms"],
    callbackAuthKey: flags["callback-auth-key"],
    log: flags.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  if (flags.faults !== undefined) {
    emulator.setFaults(JSON.parse(readFileSync(flags.faults, "utf8")));
  }
  // The pid is the emulator's own: a script that started it through npx (a wrapper process) can stop it by it.
  const ready = { url: emulator.url, accessKeyId: emulator.credentials.accessKeyId, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`received ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message =
    error instanceof z.ZodError
      ? error.issues.map((issue) => issue.message).join("\n")
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`volc-live-emulator: ${message}\nRun volc-live-emulator --help for the options.\n`);
  process.exit(2);
});
