import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { e2eWorkspace } from "../../scripts/lib/e2eWorkspace";

/**
 * The installed package's types as a user's program meets them: `tsc --noEmit` over a program that uses every
 * public entry point, under the tsconfig `pulumi new typescript` writes (no skipLibCheck, no esModuleInterop), with
 * each module resolution a user may pick. A declaration that drags a dependency's types into the user's compilation
 * (zod's `.d.cts` files fail there with TS1259) or a subpath without types (TS2307) fails it.
 */

const PACKAGE = "pulumi-volcengine-live";

/** `pulumi new typescript`'s tsconfig.json (pulumi/templates, typescript/tsconfig.json). */
const TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

const RESOLUTIONS = {
  node10: { module: "commonjs", moduleResolution: "node10" },
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;

const USER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import {
  ApiError,
  type CallbackTarget,
  type CallbackTargetArgs,
  describeCallback,
  type DescribeCallbackResult,
  FixedRelayV4,
  type FixedRelayV4Args,
  listAllRelaySourcesV4,
  LiveCallback,
  type LiveCallbackArgs,
  LiveClient,
  type RelaySourceV4Item,
  RelayGroupV3,
  type RelayGroupV3Args,
  type RelayServer,
  type RelayServerArgs,
  signRequest,
  updateRelaySourceV3,
} from "${PACKAGE}";
import { type EmulatorOptions, type FaultRule, startEmulator, type WorldState } from "${PACKAGE}/emulator";
import { handler } from "${PACKAGE}/dynamic";

const origin: RelayServerArgs = { protocol: "rtmp", domain: "origin.example.com:1935", params: { token: "t" } };
const groupArgs: RelayGroupV3Args = { vhost: "push.example.com", app: "live", group: "origins", servers: [origin] };
const group = new RelayGroupV3("origins", groupArgs);
export const firstServer: pulumi.Output<RelayServer | undefined> = group.servers.apply((servers) => servers[0]);

const relayArgs: FixedRelayV4Args = {
  domain: "play.example.com",
  app: "live",
  stream: "lobby",
  sourceUrls: ["rtmp://origin.example.com/live/lobby"],
  startTime: new Date("2030-01-01T00:00:00Z"),
  endTime: "2030-01-02T00:00:00Z",
};
const relay = new FixedRelayV4("lobby", relayArgs);
export const taskId: pulumi.Output<string> = relay.taskId;
export const window: pulumi.Output<number | undefined> = relay.startTime;

const target: CallbackTargetArgs = { url: "https://hooks.example.com/push", type: "http" };
const callbackArgs: LiveCallbackArgs = { vhost: "push.example.com", messageType: "push", callbacks: [target] };
const callback = new LiveCallback("push", callbackArgs);
export const urls: pulumi.Output<string[]> = callback.callbacks.apply((targets: CallbackTarget[]) =>
  targets.map((each) => each.url),
);

export async function readBack(): Promise<string[]> {
  const options: EmulatorOptions = { port: 0, v3Update: "merge" };
  const emulator = await startEmulator(options);
  const fault: FaultRule = { action: "DescribeCallback", kind: "error", status: 500, times: 1 };
  emulator.setFaults([fault]);
  const world: WorldState = emulator.state();
  const client = new LiveClient({ endpoint: emulator.url, credentials: emulator.credentials });
  try {
    await updateRelaySourceV3(client, {
      Vhost: "push.example.com",
      GroupDetails: [{ Group: "g", Servers: [{ RelaySourceDomain: "origin.example.com", RelaySourceProtocol: "flv" }] }],
    });
    const described: DescribeCallbackResult = await describeCallback(client, { Vhost: "push.example.com" });
    const relays: RelaySourceV4Item[] = await listAllRelaySourcesV4(client, "play.example.com");
    return [
      ...described.CallbackList.flatMap((config) => config.CallbackDetailList.map((detail) => detail.URL)),
      ...relays.map((item) => item.Stream),
      String(Object.keys(world.accounts).length),
    ];
  } catch (error) {
    return error instanceof ApiError ? [error.apiCode ?? error.message] : [];
  } finally {
    await client.close();
    await emulator.stop();
  }
}

export const signed = signRequest(
  { method: "POST", path: "/", query: { Action: "ListRelaySourceV4" }, headers: {}, body: "{}" },
  { credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, region: "cn-north-1", service: "live", date: new Date(0) },
);
export const provider = handler("FixedRelayV4");
`;

/** Every declaration file a compilation starting from the package's entry points reads, with its imports. */
function reachableDeclarations(packageDir: string, entries: readonly string[]): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  const pending = entries.map((entry) => path.join(packageDir, entry));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (imports.has(file)) continue;
    const specifiers = [
      ...fs.readFileSync(file, "utf8").matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g),
    ].map((match) => match[1] as string);
    imports.set(file, specifiers);
    for (const specifier of specifiers.filter((each) => each.startsWith("."))) {
      const base = path.resolve(path.dirname(file), specifier);
      const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((candidate) => fs.existsSync(candidate));
      if (target !== undefined) pending.push(target);
    }
  }
  return imports;
}

describe("the package's types in a user's Pulumi TypeScript project", () => {
  const workspace = e2eWorkspace();
  const packageDir = path.join(workspace.directory, "node_modules", PACKAGE);

  it("exposes no zod type in any declaration reachable from its three entry points", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
      exports: Record<string, { types?: string }>;
    };
    const entries = [".", "./emulator", "./dynamic"].map((subpath) => manifest.exports[subpath]?.types as string);
    const declarations = reachableDeclarations(packageDir, entries);
    const importingZod = [...declarations]
      .filter(([, specifiers]) => specifiers.some((specifier) => specifier === "zod" || specifier.startsWith("zod/")))
      .map(([file]) => path.relative(packageDir, file));

    expect(declarations.size).toBeGreaterThan(10);
    expect(importingZod).toEqual([]);
  });

  it.each(Object.entries(RESOLUTIONS))(
    "type-checks a program using the resources, the client and the emulator under moduleResolution %s",
    (name, resolution) => {
      const project = fs.mkdtempSync(path.join(workspace.directory, `typecheck-${name}-`));
      try {
        fs.writeFileSync(path.join(project, "index.ts"), USER_PROGRAM);
        const compilerOptions = { ...TEMPLATE_COMPILER_OPTIONS, ...resolution, skipLibCheck: false };
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }));
        const tsc = path.join(workspace.directory, "node_modules", "typescript", "bin", "tsc");
        const result = spawnSync(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", project], {
          encoding: "utf8",
        });

        expect(`${result.stdout}${result.stderr}`).toBe("");
        expect(result.status).toBe(0);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    },
  );
});
