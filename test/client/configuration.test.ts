import { z } from "zod";
import { LiveClient } from "../../provider/client/LiveClient";
import { resolveEndpoint } from "../../provider/client/resolveEndpoint";
import { ProviderRuntime } from "../../provider/dynamic/ProviderRuntime";
import { ConfigurationError } from "../../provider/errors/ConfigurationError";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { ScriptedServer } from "../../scripts/lib/ScriptedServer";

const anyResult = { result: z.unknown() };
let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => server.reset());

describe("credentials", () => {
  it("are read from the environment at call time, not when the client is made", async () => {
    const env: NodeJS.ProcessEnv = { VOLCENGINE_LIVE_ENDPOINT: server.url };
    const client = new LiveClient({ env, rateLimit: false });
    env.VOLCENGINE_ACCESS_KEY = "AKLTfirst";
    env.VOLCENGINE_SECRET_KEY = "secret-one";
    await client.call("DescribeCallback", {}, anyResult);
    env.VOLCENGINE_ACCESS_KEY = "AKLTrotated";
    env.VOLCENGINE_SECRET_KEY = "secret-two";
    env.VOLCENGINE_SESSION_TOKEN = "token-two";
    env.VOLCENGINE_REGION = "cn-shanghai";
    await client.call("DescribeCallback", {}, anyResult);
    await client.close();
    expect(server.requests[0]?.headers.authorization).toContain("Credential=AKLTfirst/");
    expect(server.requests[1]?.headers.authorization).toContain("Credential=AKLTrotated/");
    expect(server.requests[1]?.headers.authorization).toContain("/cn-shanghai/live/request");
    expect(server.requests[1]?.headers["x-security-token"]).toBe("token-two");
  });

  it("prefer explicit options, including a provider function called per request", async () => {
    let calls = 0;
    const client = new LiveClient({
      endpoint: server.url,
      env: { VOLCENGINE_ACCESS_KEY: "AKLTenv", VOLCENGINE_SECRET_KEY: "env-secret" },
      credentials: () => ({ accessKeyId: `AKLTfn${++calls}`, secretAccessKey: "fn-secret" }),
      rateLimit: false,
    });
    await client.call("DescribeCallback", {}, anyResult);
    await client.call("DescribeCallback", {}, anyResult);
    await client.close();
    expect(
      server.requests.map((request) => /Credential=(\w+)\//.exec(request.headers.authorization ?? "")?.[1]),
    ).toEqual(["AKLTfn1", "AKLTfn2"]);
  });

  it("when missing, fail before any request with an error naming the variables", async () => {
    const client = new LiveClient({ endpoint: server.url, env: { VOLCENGINE_ACCESS_KEY: "AKLTonly" } });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    await client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe("VOLC_LIVE_ERR_CONFIGURATION");
    expect(error.message).toContain("VOLCENGINE_SECRET_KEY");
    expect(error.message).toContain("VOLCENGINE_ACCESS_KEY");
    expect(server.requests).toHaveLength(0);
  });
});

describe("credentials from a provider's stack config", () => {
  const CONFIG_SECRET = "config-secret-value-0001";
  const ENV_SECRET = "env-secret-value-0002";

  async function callThroughRuntime(config: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void> {
    const runtime = new ProviderRuntime({ client: { env, rateLimit: false } });
    runtime.configure({ endpoint: server.url, ...config });
    try {
      await runtime.client.call("DescribeCallback", {}, anyResult);
    } finally {
      await runtime.close();
    }
  }
  const signedAccessKey = () => /Credential=(\w+)\//.exec(server.requests[0]?.headers.authorization ?? "")?.[1];

  it("win over the environment, key by key", async () => {
    await callThroughRuntime(
      { accessKey: "AKLTconfig", sessionToken: "config-token" },
      { VOLCENGINE_ACCESS_KEY: "AKLTenv", VOLCENGINE_SECRET_KEY: ENV_SECRET, VOLCENGINE_SESSION_TOKEN: "env-token" },
    );
    expect(signedAccessKey()).toBe("AKLTconfig");
    expect(server.requests[0]?.headers["x-security-token"]).toBe("config-token");
  });

  it("leave the environment in charge when the stack sets none", async () => {
    await callThroughRuntime({}, { VOLCENGINE_ACCESS_KEY: "AKLTenv", VOLCENGINE_SECRET_KEY: ENV_SECRET });
    expect(signedAccessKey()).toBe("AKLTenv");
    expect(server.requests[0]?.headers["x-security-token"]).toBeUndefined();
  });

  it("when missing, fail before any request with a message naming the config commands and the variables, never a value", async () => {
    const error = await rejectionOf(callThroughRuntime({ secretKey: CONFIG_SECRET }, {}));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^Volcengine credentials are missing \(access key\)/);
    for (const advice of [
      "pulumi config set volcengine:accessKey <key>",
      "pulumi config set --secret volcengine:secretKey <secret>",
      "volcengine:sessionToken",
      "VOLCENGINE_ACCESS_KEY",
      "VOLCENGINE_SECRET_KEY",
      "VOLCENGINE_SESSION_TOKEN",
    ]) {
      expect(error.message).toContain(advice);
    }
    expect(`${error.message} ${error.stack}`).not.toContain(CONFIG_SECRET);
    expect(server.requests).toHaveLength(0);
  });

  it("are the same message a client without configuration gives", async () => {
    const fromRuntime = await rejectionOf(callThroughRuntime({}, {}));
    const client = new LiveClient({ endpoint: server.url, env: {} });
    const fromClient = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    await client.close();
    expect(fromRuntime.message).toBe(fromClient.message);
  });
});

describe("a credentials function", () => {
  it("that returns nothing raises a ConfigurationError", async () => {
    const client = new LiveClient({ endpoint: server.url, credentials: () => undefined as never });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    await client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe("endpoint", () => {
  it("errors never repeat user information or the raw text", () => {
    for (const endpoint of [
      "https://user:SECRETKEY123@live.example.com/x",
      "https://live.example.com/?k=SECRETKEY123",
      "::SECRETKEY123",
    ]) {
      const error = (() => {
        try {
          resolveEndpoint(endpoint, {});
        } catch (caught) {
          return caught as Error;
        }
        throw new Error("expected a ConfigurationError");
      })();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(`${error.message} ${error.stack}`).not.toContain("SECRETKEY123");
    }
  });

  it("defaults to the public HTTPS endpoint", () => {
    expect(resolveEndpoint(undefined, {})).toEqual({
      origin: "https://live.volcengineapi.com",
      host: "live.volcengineapi.com",
    });
  });

  it("is taken from VOLCENGINE_LIVE_ENDPOINT, and the option overrides it", () => {
    expect(resolveEndpoint(undefined, { VOLCENGINE_LIVE_ENDPOINT: "https://a.example.com" }).host).toBe(
      "a.example.com",
    );
    expect(
      resolveEndpoint("https://b.example.com:8443", { VOLCENGINE_LIVE_ENDPOINT: "https://a.example.com" }).host,
    ).toBe("b.example.com:8443");
  });

  it("is taken from VOLCENGINE_ENDPOINT, the official providers' variable, when VOLCENGINE_LIVE_ENDPOINT is unset", () => {
    expect(resolveEndpoint(undefined, { VOLCENGINE_ENDPOINT: "https://c.example.com" }).host).toBe("c.example.com");
    expect(
      resolveEndpoint("https://b.example.com", { VOLCENGINE_ENDPOINT: "https://c.example.com" }, "stack config x").host,
    ).toBe("b.example.com");
  });

  it("prefers VOLCENGINE_LIVE_ENDPOINT to VOLCENGINE_ENDPOINT, and passes over a blank one", () => {
    const both = { VOLCENGINE_LIVE_ENDPOINT: "https://a.example.com", VOLCENGINE_ENDPOINT: "https://c.example.com" };
    expect(resolveEndpoint(undefined, both).host).toBe("a.example.com");
    expect(
      resolveEndpoint(undefined, { VOLCENGINE_LIVE_ENDPOINT: " ", VOLCENGINE_ENDPOINT: "https://c.example.com" }).host,
    ).toBe("c.example.com");
  });

  it.each(["http://127.0.0.1:8080", "http://127.9.9.9", "http://localhost:1", "http://[::1]:3000"])(
    "accepts plain http for the loopback host %s",
    (endpoint) => {
      expect(() => resolveEndpoint(endpoint, {})).not.toThrow();
    },
  );

  it.each(["http://live.volcengineapi.com", "http://10.0.0.1", "http://192.168.1.1:80", "http://[fe80::1]"])(
    "refuses plain http for %s before any request",
    async (endpoint) => {
      const client = new LiveClient({ endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
      const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
      await client.close();
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/only https:\/\/ is allowed/);
    },
  );

  it("names where a refused endpoint came from: the option, as its caller calls it, or the variable", async () => {
    const plain = "http://live.example.com";
    expect(() => resolveEndpoint(plain, {})).toThrow(/^endpoint option uses plain http:\/\//);
    expect(() => resolveEndpoint(plain, {}, "stack config volcengine:endpoint")).toThrow(
      /^stack config volcengine:endpoint uses plain http:\/\//,
    );
    expect(() => resolveEndpoint(undefined, { VOLCENGINE_LIVE_ENDPOINT: plain }, "stack config x")).toThrow(
      /^VOLCENGINE_LIVE_ENDPOINT uses plain http:\/\//,
    );
    expect(() => resolveEndpoint(undefined, { VOLCENGINE_ENDPOINT: plain })).toThrow(
      /^VOLCENGINE_ENDPOINT uses plain http:\/\//,
    );
    const client = new LiveClient({
      endpoint: plain,
      endpointName: "the --endpoint flag",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    await client.close();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^the --endpoint flag uses plain http:\/\//);
  });

  it.each(["ftp://example.com", "not a url", "https://example.com/path", "https://u:p@example.com"])(
    "refuses %s",
    (endpoint) => {
      expect(() => resolveEndpoint(endpoint, {})).toThrow(ConfigurationError);
    },
  );

  it.each(["http://127.example.com", "http://localhost.example.com", "http://[::2]"])(
    "does not take %s for a loopback host",
    (endpoint) => {
      expect(() => resolveEndpoint(endpoint, {})).toThrow(/only https:\/\/ is allowed/);
    },
  );
});
