import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { AccountState } from "../../emulator/world/WorldState";
import { E2eStack, urnOf, type CommandResult, type ResourceSpecs } from "../../scripts/lib/E2eStack";

const VHOST = "push.e2e-secrets.example.com";
const PLAY_DOMAIN = "play.e2e-secrets.example.com";
const CREDENTIAL_VARIABLES = ["VOLCENGINE_ACCESS_KEY", "VOLCENGINE_SECRET_KEY", "VOLCENGINE_SESSION_TOKEN"];

/** A secret with a random core: the core survives JSON or HTML escaping of the rest, so searching for it finds those. */
interface Secret {
  readonly value: string;
  readonly core: string;
}

function secret(prefix: string, suffix = ""): Secret {
  const core = randomBytes(16).toString("hex");
  return { value: `${prefix}${core}${suffix}`, core };
}

/** Every base64 (and base64url) rendering of `text` wherever it sits in a longer encoded string: one per alignment. */
function base64Forms(text: string): string[] {
  return [0, 1, 2].flatMap((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(text, "utf8")]).toString("base64");
    // Drop the characters that also encode the unknown neighbours: the first group when shifted, and the last group.
    const stable = encoded.slice(shift === 0 ? 0 : 4, -4);
    return [stable, stable.replace(/\+/g, "-").replace(/\//g, "_")];
  });
}

/** Which forms of the secret occur in the haystack: plain (escaped or not), base64, hex. Empty when none. */
function leaksOf(haystack: Buffer | string, target: Secret): string[] {
  const text = Buffer.isBuffer(haystack) ? haystack.toString("latin1") : haystack;
  const found: string[] = [];
  if (text.includes(target.core)) found.push("plain");
  if (base64Forms(target.core).some((form) => text.includes(form))) found.push("base64");
  if (text.includes(Buffer.from(target.core, "utf8").toString("hex"))) found.push("hex");
  return found;
}

/** An HTTP proxy in front of the emulator that records the X-Security-Token header of every request it forwards. */
interface TokenRecordingProxy {
  readonly url: string;
  readonly securityTokens: Array<string | undefined>;
  stop(): Promise<void>;
}

async function startTokenRecordingProxy(target: string): Promise<TokenRecordingProxy> {
  const securityTokens: Array<string | undefined> = [];
  const server = createServer((incoming, outgoing) => {
    const token = incoming.headers["x-security-token"];
    securityTokens.push(Array.isArray(token) ? token.join(",") : token);
    // The Host header is forwarded as signed: the emulator checks the signature over the bytes it receives.
    const forwarded = httpRequest(
      new URL(incoming.url ?? "/", target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    securityTokens,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function allKindsSpec(callbackUrl: string): ResourceSpecs {
  return {
    origins: {
      kind: "RelayGroupV3",
      args: {
        vhost: VHOST,
        app: "live",
        group: "primary",
        servers: [{ protocol: "rtmp", domain: "origin-a.example.com:1935" }],
      },
    },
    keynote: {
      kind: "FixedRelayV4",
      args: {
        domain: PLAY_DOMAIN,
        app: "live",
        stream: "keynote",
        sourceUrls: ["rtmp://studio.example.com/live/keynote"],
      },
    },
    pushHook: {
      kind: "LiveCallback",
      args: {
        vhost: VHOST,
        app: "live",
        messageType: "push",
        callbacks: [{ url: callbackUrl }],
        authEnabled: true,
        authKey: "$authKey",
      },
    },
  };
}

function resourceCounts(account: AccountState | undefined) {
  return {
    relayGroupsV3: (account?.relaySourcesV3 ?? []).flatMap((config) => config.GroupDetails).length,
    relaysV4: account?.relaySourcesV4.length ?? 0,
    callbacks: account?.callbacks.length ?? 0,
  };
}

function stackConfigFile(stack: E2eStack): string {
  return fs.readFileSync(path.join(stack.directory, "Pulumi.e2e.yaml"), "utf8");
}

describe("secrets and credentials under the real Pulumi CLI", () => {
  describe("with credentials and a session token in the environment", () => {
    const accessKeyId = `AKLTenv${randomBytes(8).toString("hex")}`;
    const secretAccessKey = secret("sk-env-");
    const sessionToken = secret("st-env-");
    // Characters JSON and Go's HTML-safe encoding escape, so an escaped copy of the key would be searched for too.
    const authKey = secret("cb-", `<&>"\\`);
    const callbackUrl = `https://hooks.example.com/live/${randomBytes(8).toString("hex")}`;
    const commandOutputs: CommandResult[] = [];

    let emulator: RunningEmulator;
    let proxy: TokenRecordingProxy;
    let stack: E2eStack;

    const account = () => emulator.state().accounts[accessKeyId];
    const withCredentials = () =>
      stack.setEnvironment({
        VOLCENGINE_ACCESS_KEY: accessKeyId,
        VOLCENGINE_SECRET_KEY: secretAccessKey.value,
        VOLCENGINE_SESSION_TOKEN: sessionToken.value,
        VOLCENGINE_LIVE_ENDPOINT: proxy.url,
      });

    beforeAll(async () => {
      emulator = await startEmulator({ credentials: [{ accessKeyId, secretAccessKey: secretAccessKey.value }] });
      proxy = await startTokenRecordingProxy(emulator.url);
      stack = await E2eStack.create("secrets-env", emulator);
      withCredentials();
      await stack.expectSuccess(["config", "set", "--secret", "authKey", authKey.value]);
      stack.setResources(allKindsSpec(callbackUrl));
    });
    afterAll(async () => {
      stack?.dispose();
      await proxy?.stop();
      await emulator?.stop();
    });

    it("creates all three kinds on up, signing the session token into every call", async () => {
      commandOutputs.push(await stack.up());

      expect(resourceCounts(account())).toEqual({ relayGroupsV3: 1, relaysV4: 1, callbacks: 1 });
      const { requests } = emulator.requests();
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((entry) => entry.accessKeyId === accessKeyId && entry.status === 200)).toBe(true);
      expect(proxy.securityTokens).toHaveLength(requests.length);
      expect(new Set(proxy.securityTokens)).toEqual(new Set([sessionToken.value]));
    });

    it("hands the callback auth key from secret config to the service, and shows it only in `stack export --show-secrets`", async () => {
      expect(account()?.callbacks).toEqual([
        expect.objectContaining({ Vhost: VHOST, App: "live", AuthEnable: true, AuthKeyPrimary: authKey.value }),
      ]);

      // The positive control: the same search that must find nothing elsewhere finds the key where it belongs.
      const revealed = await stack.expectSuccess(["stack", "export", "--show-secrets"]);
      expect(leaksOf(revealed.stdout, authKey)).toContain("plain");
      // A secret output is exported as Pulumi's secret envelope, its value JSON-encoded (HTML-escaped) in plaintext.
      const recorded = (await stack.recordedOutputs("pushHook")).authKey as { plaintext: string };
      expect(recorded.plaintext).not.toContain("<");
      expect(JSON.parse(recorded.plaintext)).toBe(authKey.value);
    });

    it("keeps the secret key, the session token and the auth key out of `stack export`, the state file, the stack config file and CLI output, after up and after refresh", async () => {
      const secrets = { secretAccessKey, sessionToken, authKey };
      const searchEverything = async (when: string) => {
        const exported = await stack.expectSuccess(["stack", "export"]);
        const places: Record<string, Buffer | string> = {
          "stack export": exported.stdout,
          "state file": stack.stateFileBytes(),
          "Pulumi.e2e.yaml": stackConfigFile(stack),
          "CLI output": commandOutputs.map((result) => result.output).join("\n"),
        };
        // Proves the state file is searched where readable values are: the callback URL is in it.
        expect(leaksOf(stack.stateFileBytes(), { value: callbackUrl, core: callbackUrl })).toEqual(["plain"]);
        const leaks: string[] = [];
        for (const [place, haystack] of Object.entries(places)) {
          for (const [name, value] of Object.entries(secrets)) {
            for (const form of leaksOf(haystack, value)) leaks.push(`${when}: ${name} in ${place} (${form})`);
          }
          // Credentials are read at each call and never captured, not even the access key ID.
          if (place !== "CLI output" && haystack.includes(accessKeyId)) {
            leaks.push(`${when}: access key ID in ${place}`);
          }
        }
        return leaks;
      };

      const afterUp = await searchEverything("after up");
      commandOutputs.push(await stack.refresh());
      const afterRefresh = await searchEverything("after refresh");

      expect([...afterUp, ...afterRefresh]).toEqual([]);
      expect(stackConfigFile(stack)).toMatch(/:authKey:\s*\n\s*secure: \S+/);
    });

    describe("in CI, with every VOLCENGINE_* credential removed from the environment and none in config", () => {
      beforeAll(async () => {
        // The endpoint stays on the proxy, so a call that escaped anyway would be counted rather than sent out.
        stack.setEnvironment(Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, undefined])));
        const config = JSON.parse((await stack.expectSuccess(["config", "--json"])).stdout) as Record<string, unknown>;
        expect(Object.keys(config).filter((key) => key.startsWith("volcengine:"))).toEqual([]);
      });
      afterAll(() => {
        withCredentials();
        stack.setResources(allKindsSpec(callbackUrl));
      });

      it("previews no changes without calling the API", async () => {
        emulator.clearRequests();
        proxy.securityTokens.length = 0;

        await stack.expectSuccess(["preview", "--expect-no-changes"]);

        expect(emulator.requests().requests).toEqual([]);
        expect(proxy.securityTokens).toEqual([]);
      });

      it("previews a changed input as an update of exactly that resource, without calling the API or showing the auth key", async () => {
        stack.setResources(allKindsSpec(`${callbackUrl}/v2`));
        emulator.clearRequests();
        proxy.securityTokens.length = 0;

        expect(await stack.previewSteps()).toEqual([
          expect.objectContaining({ op: "update", urn: expect.stringContaining(urnOf("LiveCallback", "pushHook")) }),
        ]);
        const preview = await stack.expectSuccess(["preview", "--diff"]);

        expect(preview.output).toContain(`${callbackUrl}/v2`);
        expect(leaksOf(preview.output, authKey)).toEqual([]);
        expect(emulator.requests().requests).toEqual([]);
        expect(proxy.securityTokens).toEqual([]);
      });
    });

    it("destroys everything once the credentials are back", async () => {
      await stack.destroy();

      expect(resourceCounts(account())).toEqual({ relayGroupsV3: 0, relaysV4: 0, callbacks: 0 });
    });
  });

  describe("with credentials and endpoint only in stack config", () => {
    const accessKeyId = `AKLTcfg${randomBytes(8).toString("hex")}`;
    const secretAccessKey = secret("sk-cfg-");

    let emulator: RunningEmulator;
    let stack: E2eStack;

    const account = () => emulator.state().accounts[accessKeyId];

    beforeAll(async () => {
      // Only this pair is accepted: the default development credentials would be refused.
      emulator = await startEmulator({ credentials: [{ accessKeyId, secretAccessKey: secretAccessKey.value }] });
      stack = await E2eStack.create("secrets-config", emulator, { credentialsInEnvironment: false });
      stack.setEnvironment({ VOLCENGINE_LIVE_ENDPOINT: undefined });
      await stack.expectSuccess(["config", "set", "volcengine:accessKey", accessKeyId]);
      await stack.expectSuccess(["config", "set", "--secret", "volcengine:secretKey", secretAccessKey.value]);
      await stack.expectSuccess(["config", "set", "volcengine:endpoint", emulator.url]);
    });
    afterAll(async () => {
      stack?.dispose();
      await emulator?.stop();
    });

    it("creates the resources under the configured account on up", async () => {
      stack.setResources({
        origins: allKindsSpec("https://unused.example.com").origins!,
        keynote: allKindsSpec("https://unused.example.com").keynote!,
      });
      await stack.up();

      expect(Object.keys(emulator.state().accounts)).toEqual([accessKeyId]);
      expect(resourceCounts(account())).toEqual({ relayGroupsV3: 1, relaysV4: 1, callbacks: 0 });
      expect(emulator.requests().requests.every((entry) => entry.accessKeyId === accessKeyId)).toBe(true);
    });

    it("keeps the secret key only as ciphertext, in Pulumi.e2e.yaml and in state", async () => {
      const configFile = stackConfigFile(stack);
      const exported = (await stack.expectSuccess(["stack", "export"])).stdout;

      expect(configFile).toContain(accessKeyId);
      expect(configFile).toMatch(/volcengine:secretKey:\s*\n\s*secure: \S+/);
      expect(leaksOf(configFile, secretAccessKey)).toEqual([]);
      expect(leaksOf(stack.stateFileBytes(), secretAccessKey)).toEqual([]);
      expect(leaksOf(exported, secretAccessKey)).toEqual([]);
      // The engine records the default provider's config in state: wherever the secret key is, it is encrypted.
      const recorded: unknown[] = [];
      JSON.parse(exported, (key, value: unknown) => {
        if (key === "volcengine:secretKey") recorded.push(value);
        return value;
      });
      expect(recorded).toEqual(recorded.map(() => expect.objectContaining({ ciphertext: expect.any(String) })));
      // The positive control: the config holds the key, decryptable by its owner.
      const shown = await stack.expectSuccess(["config", "get", "volcengine:secretKey"]);
      expect(leaksOf(shown.stdout, secretAccessKey)).toEqual(["plain"]);
    });

    it("removes the resources on destroy", async () => {
      await stack.destroy();

      expect(resourceCounts(account())).toEqual({ relayGroupsV3: 0, relaysV4: 0, callbacks: 0 });
    });
  });
});
