import { createHash } from "node:crypto";
import { z } from "zod";
import type { ClientEvent } from "../../provider/client/ClientEvent";
import { LiveClient } from "../../provider/client/LiveClient";
import { AmbiguousResultError } from "../../provider/errors/AmbiguousResultError";
import { ApiError } from "../../provider/errors/ApiError";
import { ResponseShapeError } from "../../provider/errors/ResponseShapeError";
import { TransportError } from "../../provider/errors/TransportError";
import { createCanonicalRequest } from "../../provider/signer/createCanonicalRequest";
import { createSignature } from "../../provider/signer/createSignature";
import { createStringToSign } from "../../provider/signer/createStringToSign";
import { getCanonicalHeaders } from "../../provider/signer/getCanonicalHeaders";
import { getCanonicalQuery } from "../../provider/signer/getCanonicalQuery";
import { getSigningKey } from "../../provider/signer/getSigningKey";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { envelope, errorEnvelope, jsonBody, ScriptedServer } from "../../scripts/lib/ScriptedServer";
import { TEST_CREDENTIALS, testClient } from "../../scripts/lib/testClient";

const anyResult = { result: z.unknown() };
let server: ScriptedServer;
let client: LiveClient;

beforeAll(async () => {
  server = await ScriptedServer.start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.reset();
  client = testClient(server);
});
afterEach(async () => {
  await client.close();
});

describe("requests", () => {
  it("POSTs a signed JSON body to /?Action=X&Version=2023-01-01", async () => {
    server.script({ body: envelope("DescribeCallback", { CallbackList: [] }) });
    await client.call("DescribeCallback", { Vhost: "v.example.com" }, anyResult);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/?Action=DescribeCallback&Version=2023-01-01");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(jsonBody(request as never)).toEqual({ Vhost: "v.example.com" });
    expect(request?.headers.authorization).toMatch(
      /^HMAC-SHA256 Credential=AKLTtestAccessKey0001\/\d{8}\/cn-north-1\/live\/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it("signs exactly the bytes and headers the server receives", async () => {
    await client.call("ListRelaySourceV4", { Domain: "d.example.com" }, anyResult);
    const request = server.requests[0];
    if (request === undefined) throw new Error("no request");
    const headers = request.headers as Record<string, string>;
    const signedNames = /SignedHeaders=([^,]+)/.exec(headers.authorization as string)?.[1]?.split(";") ?? [];
    const { canonicalHeaders, signedHeaders } = getCanonicalHeaders(headers, (name) => signedNames.includes(name));
    const xDate = headers["x-date"] as string;
    const canonicalRequest = createCanonicalRequest({
      method: request.method,
      canonicalUri: "/",
      canonicalQuery: getCanonicalQuery(Object.fromEntries(new URL(request.url, "http://x").searchParams)),
      canonicalHeaders,
      signedHeaders,
      payloadHash: createHash("sha256").update(request.body).digest("hex"),
    });
    const scope = `${xDate.slice(0, 8)}/cn-north-1/live/request`;
    const key = getSigningKey(TEST_CREDENTIALS.secretAccessKey, xDate.slice(0, 8), "cn-north-1", "live");
    const signature = createSignature(key, createStringToSign(xDate, scope, canonicalRequest));
    expect(headers.authorization).toContain(`Signature=${signature}`);
  });

  it("sends and signs X-Security-Token for session credentials", async () => {
    const sts = testClient(server, { credentials: { ...TEST_CREDENTIALS, sessionToken: "STS.token-123" } });
    await sts.call("DescribeCallback", { Vhost: "v.example.com" }, anyResult);
    await sts.close();
    expect(server.requests[0]?.headers["x-security-token"]).toBe("STS.token-123");
    expect(server.requests[0]?.headers.authorization).toContain("x-date;x-security-token");
  });

  it("reuses one keep-alive connection for consecutive calls", async () => {
    for (let index = 0; index < 10; index++) {
      await client.call("DescribeCallback", { Vhost: "v.example.com" }, anyResult);
    }
    expect(server.requests).toHaveLength(10);
    // undici may open a second socket while the first is being released; it never opens one per call.
    expect(new Set(server.requests.map((request) => request.remotePort)).size).toBeLessThanOrEqual(2);
  });
});

describe("success is decided by the envelope, not the status", () => {
  it("treats CommonErr under HTTP 200 as an error (retried, then raised)", async () => {
    server.script({ status: 200, body: errorEnvelope("DescribeCallback", "CommonErr", "未分类错误") });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ apiCode: "CommonErr", status: 200, retryable: true, attempts: 4 });
    expect(server.requests).toHaveLength(4);
  });

  it("carries action, Code, CodeN, status and RequestId", async () => {
    server.script({ status: 401, body: errorEnvelope("ListRelaySourceV4", "InvalidAccessKey", "bad key", 100009) });
    const error = await rejectionOf(client.call("ListRelaySourceV4", {}, anyResult));
    expect(error).toMatchObject({
      code: "VOLC_LIVE_ERR_API",
      action: "ListRelaySourceV4",
      apiCode: "InvalidAccessKey",
      apiCodeN: 100009,
      status: 401,
      requestId: "req-ListRelaySourceV4-err",
      retryable: false,
    });
  });

  // Gateway errors carry CodeN, Live's own errors Code and Message alone: either shape, under any status, fails.
  it.each([
    ["a Live error: Code and Message, no CodeN, under 400", 400, { Code: "InvalidParam", Message: "bad App" }],
    [
      "a gateway error: CodeN, Code and Message, under 401",
      401,
      { CodeN: 100010, Code: "SignatureDoesNotMatch", Message: "x" },
    ],
    ["a gateway error under HTTP 200", 200, { CodeN: 100010, Code: "SignatureDoesNotMatch", Message: "x" }],
    ["a CodeN with an empty Code under HTTP 200", 200, { CodeN: 100013, Code: "", Message: "denied" }],
    ["a Message alone under HTTP 200", 200, { Message: "denied" }],
  ])("treats %s as an error, without retrying it", async (_name, status, error) => {
    server.script({ status, body: { ResponseMetadata: { RequestId: "r1", Action: "DeleteCallback", Error: error } } });
    const raised = await rejectionOf(client.call("DeleteCallback", {}, anyResult));
    expect(raised).toBeInstanceOf(ApiError);
    expect(raised).toMatchObject({
      status,
      apiCode: ("Code" in error && error.Code) || undefined,
      apiCodeN: "CodeN" in error ? error.CodeN : undefined,
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("treats an all-empty Error under HTTP 200 (CodeN 0, no Code, no Message) as success", async () => {
    server.script({
      status: 200,
      body: { ResponseMetadata: { RequestId: "r1", Error: { CodeN: 0, Code: "", Message: "" } }, Result: { ok: 1 } },
    });
    await expect(client.call("DescribeCallback", {}, anyResult)).resolves.toEqual({ ok: 1 });
  });

  it("treats an error status without an envelope as an error", async () => {
    server.script({ status: 404, raw: "not found" });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_API", status: 404, apiCode: undefined, retryable: false });
    expect(server.requests).toHaveLength(1);
  });
});

describe("retries for idempotent actions", () => {
  // Under HTTP 200, so the Code alone makes the answer retryable.
  it.each([
    ["FlowLimitExceeded", "throttled per action"],
    ["AccountFlowLimitExceeded", "throttled per account"],
    ["InternalError", "a server error"],
    ["InternalServiceError", "a server error"],
    ["InternalServiceTimeout", "a server timeout"],
    ["FailToConnect", "a backend out of reach"],
    ["ServiceUnavailableTemp", "briefly unavailable"],
    ["UndefinedError", "unclassified"],
    ["CommonErr", "unclassified"],
  ])("retries Code %s (%s) and then succeeds", async (code) => {
    server.script(
      { status: 200, body: errorEnvelope("UpdateCallback", code, "try again") },
      { body: envelope("UpdateCallback") },
    );
    await expect(client.call("UpdateCallback", {}, anyResult)).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it.each([429, 500, 502, 503, 504])("retries HTTP %i without an envelope", async (status) => {
    server.script({ status, raw: "<html>gateway</html>" }, { body: envelope("DeleteRelaySourceV4") });
    await expect(client.call("DeleteRelaySourceV4", {}, anyResult)).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, "InvalidParam"],
    [400, "InvalidParam.BindError"],
    [403, "RequestForbidden"],
    [401, "SignatureDoesNotMatch"],
    [404, "InvalidActionOrVersion"],
  ])("does not retry HTTP %i %s", async (status, code) => {
    server.script({ status, body: errorEnvelope("UpdateRelaySourceV3", code, "no") });
    const error = await rejectionOf(client.call("UpdateRelaySourceV3", {}, anyResult));
    expect(error).toMatchObject({ apiCode: code, retryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("stops after maxAttempts and keeps each backoff within its full-jitter ceiling", async () => {
    const events: ClientEvent[] = [];
    const bounded = testClient(server, {
      retry: { maxAttempts: 5, baseDelayMs: 8, maxDelayMs: 20 },
      random: () => 0.999,
      logger: (event) => events.push(event),
    });
    server.script({ status: 503, body: errorEnvelope("DescribeCallback", "ServiceUnavailableTemp", "busy") });
    const error = await rejectionOf(bounded.call("DescribeCallback", {}, anyResult));
    await bounded.close();
    expect(error).toMatchObject({ apiCode: "ServiceUnavailableTemp", attempts: 5 });
    const delays = events.flatMap((event) => (event.type === "retry" ? [event.delayMs] : []));
    expect(delays).toHaveLength(4);
    const ceilings = [8, 16, 20, 20];
    delays.forEach((delay, index) => {
      expect(delay).toBeLessThanOrEqual(ceilings[index] as number);
      expect(delay).toBeGreaterThanOrEqual(Math.floor((ceilings[index] as number) * 0.99));
    });
    const gaps = server.requests
      .slice(1)
      .map((request, index) => request.receivedAt - (server.requests[index] as { receivedAt: number }).receivedAt);
    for (const [index, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual((delays[index] as number) - 1);
    }
  });

  it("uses zero-based jitter: random 0 retries at once", async () => {
    const events: ClientEvent[] = [];
    const eager = testClient(server, { random: () => 0, logger: (event) => events.push(event) });
    server.script(
      { status: 500, body: errorEnvelope("DescribeCallback", "InternalError", "x") },
      { body: envelope("DescribeCallback") },
    );
    await eager.call("DescribeCallback", {}, anyResult);
    await eager.close();
    expect(
      events.filter((event) => event.type === "retry").map((event) => (event as { delayMs: number }).delayMs),
    ).toEqual([0]);
  });

  it("honours Retry-After", async () => {
    server.script(
      {
        status: 429,
        headers: { "retry-after": "1" },
        body: errorEnvelope("DescribeCallback", "FlowLimitExceeded", "slow down"),
      },
      { body: envelope("DescribeCallback") },
    );
    await client.call("DescribeCallback", {}, anyResult);
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("gives up instead of sleeping past the call deadline", async () => {
    const events: ClientEvent[] = [];
    const short = testClient(server, { timeouts: { deadlineMs: 300 }, logger: (event) => events.push(event) });
    server.script({
      status: 429,
      headers: { "retry-after": "5" },
      body: errorEnvelope("DescribeCallback", "FlowLimitExceeded", "x"),
    });
    const error = await rejectionOf(short.call("DescribeCallback", {}, anyResult));
    await short.close();
    // The server's answer, not a deadline that passed while sleeping.
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ apiCode: "FlowLimitExceeded", retryAfterSeconds: 5, attempts: 1 });
    expect(events.filter((event) => event.type === "retry")).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("re-signs with a fresh X-Date on every retry", async () => {
    let clock = Date.parse("2025-06-01T00:00:00Z");
    const tick = () => {
      clock += 1000;
      return new Date(clock);
    };
    const ticking = testClient(server, { now: tick });
    server.script(
      { status: 500, body: errorEnvelope("DescribeCallback", "InternalError", "x") },
      { body: envelope("DescribeCallback") },
    );
    await ticking.call("DescribeCallback", {}, anyResult);
    await ticking.close();
    const dates = server.requests.map((request) => request.headers["x-date"]);
    expect(dates).toEqual(["20250601T000001Z", "20250601T000002Z"]);
    expect(server.requests[0]?.headers.authorization).not.toBe(server.requests[1]?.headers.authorization);
  });

  it("corrects a skewed clock from the Date header of an InvalidTimestamp answer", async () => {
    const skewed = testClient(server, { now: () => new Date(Date.now() - 30 * 60_000) });
    server.script((request) => {
      const xDate = String(request.headers["x-date"]);
      const sent = Date.parse(
        `${xDate.slice(0, 4)}-${xDate.slice(4, 6)}-${xDate.slice(6, 8)}T${xDate.slice(9, 11)}:${xDate.slice(11, 13)}:${xDate.slice(13, 15)}Z`,
      );
      return Math.abs(Date.now() - sent) > 15 * 60_000
        ? { status: 403, body: errorEnvelope("DescribeCallback", "InvalidTimestamp", "skew", 100006) }
        : { body: envelope("DescribeCallback") };
    });
    await expect(skewed.call("DescribeCallback", {}, anyResult)).resolves.toBeUndefined();
    await expect(skewed.call("DescribeCallback", {}, anyResult)).resolves.toBeUndefined();
    await skewed.close();
    // One rejection, then the learnt offset keeps later calls right.
    expect(server.requests).toHaveLength(3);
  });

  it("gives InvalidTimestamp exactly one immediate re-signed retry", async () => {
    server.script({ status: 403, body: errorEnvelope("DescribeCallback", "InvalidTimestamp", "skew", 100006) });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toMatchObject({ apiCode: "InvalidTimestamp", attempts: 2 });
    expect(server.requests).toHaveLength(2);
    server
      .reset()
      .script(
        { status: 403, body: errorEnvelope("CreateRelaySourceV4", "InvalidTimestamp", "skew") },
        { body: envelope("CreateRelaySourceV4", { TaskId: "1" }) },
      );
    await expect(client.call("CreateRelaySourceV4", {}, anyResult)).resolves.toEqual({ TaskId: "1" });
  });
});

describe("CreateRelaySourceV4 is never blindly retried", () => {
  it.each([
    ["a 5xx", { status: 500, body: errorEnvelope("CreateRelaySourceV4", "InternalError", "boom") }],
    ["CommonErr under 200", { status: 200, body: errorEnvelope("CreateRelaySourceV4", "CommonErr", "?") }],
    ["a dropped connection", "drop" as const],
  ])("surfaces %s as an ambiguous result after one request", async (_label, reply) => {
    server.script(reply);
    const error = await rejectionOf(client.call("CreateRelaySourceV4", {}, anyResult));
    expect(error).toBeInstanceOf(AmbiguousResultError);
    expect(error.code).toBe("VOLC_LIVE_ERR_AMBIGUOUS_RESULT");
    expect(server.requests).toHaveLength(1);
  });

  it("says how to reconcile to a Pulumi user (run `pulumi up` again) and to a caller of the client", async () => {
    server.script("drop");
    const error = await rejectionOf(client.call("CreateRelaySourceV4", {}, anyResult));
    expect(error.message).toMatch(
      /^CreateRelaySourceV4 outcome is unknown \(.+\); to reconcile, run `pulumi up` again/,
    );
    expect(error.message).toContain("read the configuration back before repeating the call");
  });

  it("surfaces a response timeout as ambiguous", async () => {
    const impatient = testClient(server, { timeouts: { headersMs: 150 } });
    server.script("hang");
    const error = await rejectionOf(impatient.call("CreateRelaySourceV4", {}, anyResult));
    await impatient.close();
    expect(error).toBeInstanceOf(AmbiguousResultError);
    expect(error.cause).toMatchObject({ failure: "headers-timeout", requestSent: true });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a throttled create: the gateway rejected it before it ran", async () => {
    server.script(
      { status: 429, body: errorEnvelope("CreateRelaySourceV4", "FlowLimitExceeded", "x") },
      { body: envelope("CreateRelaySourceV4", { TaskId: "42" }) },
    );
    await expect(client.call("CreateRelaySourceV4", {}, anyResult)).resolves.toEqual({ TaskId: "42" });
  });

  it("retries a create that could not connect at all", async () => {
    const unreachable = new LiveClient({
      endpoint: "http://127.0.0.1:9",
      credentials: TEST_CREDENTIALS,
      rateLimit: false,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      env: {},
    });
    const error = await rejectionOf(unreachable.call("CreateRelaySourceV4", {}, anyResult));
    await unreachable.close();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: "connect", requestSent: false, attempts: 3 });
  });
});

describe("transport failures of idempotent actions", () => {
  it("retries after the server drops the connection", async () => {
    server.script("drop", { body: envelope("UpdateRelaySourceV4") });
    await expect(client.call("UpdateRelaySourceV4", {}, anyResult)).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("raises a connection-reset TransportError when every attempt is dropped", async () => {
    server.script("drop");
    const error = await rejectionOf(client.call("DescribeRelaySourceV3", {}, anyResult));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_CONNECTION_RESET", requestSent: true, attempts: 4 });
  });

  it("times out a hung response per attempt and retries", async () => {
    const impatient = testClient(server, { timeouts: { headersMs: 150 } });
    server.script("hang", { body: envelope("DescribeCallback") });
    await expect(impatient.call("DescribeCallback", {}, anyResult)).resolves.toBeUndefined();
    await impatient.close();
    expect(server.requests).toHaveLength(2);
  });

  it("stops at the overall deadline", async () => {
    const impatient = testClient(server, { timeouts: { headersMs: 5000, deadlineMs: 250 } });
    server.script("hang");
    const error = await rejectionOf(impatient.call("DescribeCallback", {}, anyResult));
    await impatient.close();
    // Not the 5 s headers timeout, and no attempt after the deadline.
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_DEADLINE", failure: "deadline" });
    expect(server.requests).toHaveLength(1);
  });

  it("honours the caller's abort signal", async () => {
    server.script("hang");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectionOf(client.call("DescribeCallback", {}, { ...anyResult, signal: controller.signal }));
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_ABORTED" });
  });
});

describe("failures before anything is sent", () => {
  it("does not retry, nor call ambiguous, a request the HTTP layer refuses to send", async () => {
    const broken = testClient(server, { credentials: { ...TEST_CREDENTIALS, sessionToken: "tok\nen" } });
    const error = await rejectionOf(broken.call("CreateRelaySourceV4", {}, anyResult));
    await broken.close();
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: "invalid-request", requestSent: false, attempts: 1 });
    expect(server.requests).toHaveLength(0);
  });

  it("reports a closed client without retrying", async () => {
    const closed = testClient(server);
    await closed.close();
    const error = await rejectionOf(closed.call("DescribeCallback", {}, anyResult));
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_CLIENT_CLOSED", requestSent: false, attempts: 1 });
  });

  it("marks an abort during a rate-limit wait as not sent", async () => {
    const limited = testClient(server, { rateLimit: { requestsPerSecond: 0.5, burst: 1 } });
    await limited.call("UpdateRelaySourceV4", {}, anyResult);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await rejectionOf(
      limited.call("UpdateRelaySourceV4", {}, { ...anyResult, signal: controller.signal }),
    );
    await limited.close();
    expect(error).toMatchObject({ failure: "aborted", requestSent: false });
    expect(server.requests).toHaveLength(1);
  });

  it("refuses nonsensical retry and timeout options at construction", () => {
    expect(() => testClient(server, { retry: { maxAttempts: Number.NaN } })).toThrow(/retry.maxAttempts/);
    expect(() => testClient(server, { timeouts: { deadlineMs: -1 } })).toThrow(/timeouts.deadlineMs/);
    expect(() => testClient(server, { rateLimit: { requestsPerSecond: 0, burst: 1 } })).toThrow(/rateLimit/);
  });
});

describe("bad responses", () => {
  it("raises ResponseShapeError for malformed JSON under 200, without retrying", async () => {
    server.script({ status: 200, raw: "{not json" });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(server.requests).toHaveLength(1);
  });

  it("raises ResponseShapeError when the envelope is missing", async () => {
    server.script({ status: 200, body: { Result: {} } });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toMatchObject({ code: "VOLC_LIVE_ERR_RESPONSE_SHAPE" });
    expect(error.issues[0].path).toBe("ResponseMetadata");
  });

  it("raises ResponseShapeError naming the field when Result has the wrong shape", async () => {
    server.script({ body: envelope("ListRelaySourceV4", { List: { nested: true } }) });
    const error = await rejectionOf(
      client.call("ListRelaySourceV4", {}, { result: z.object({ List: z.array(z.string()) }) }),
    );
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(error.issues[0].path).toBe("Result.List");
    expect(server.requests).toHaveLength(1);
  });

  it("treats an unreadable 2xx answer to a create as ambiguous: the relay may exist", async () => {
    for (const reply of [
      { body: envelope("CreateRelaySourceV4", { TaskId: { nested: true } }) },
      { body: envelope("CreateRelaySourceV4") },
      { status: 200, raw: "<html>ok</html>" },
    ]) {
      server.reset().script(reply);
      const error = await rejectionOf(
        client.call("CreateRelaySourceV4", {}, { result: z.object({ TaskId: z.string() }) }),
      );
      expect(error).toBeInstanceOf(AmbiguousResultError);
      expect(error.cause).toBeInstanceOf(ResponseShapeError);
      expect(server.requests).toHaveLength(1);
    }
  });

  it("reads the error Code even when informational envelope fields are null or oddly typed", async () => {
    server.script({
      status: 200,
      body: {
        ResponseMetadata: { RequestId: null, Action: null, Error: { Code: "CommonErr", Message: null, CodeN: "7" } },
      },
    });
    const error = await rejectionOf(client.call("DescribeCallback", {}, anyResult));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      apiCode: "CommonErr",
      apiCodeN: 7,
      requestId: undefined,
      retryable: true,
      attempts: 4,
    });
    server
      .reset()
      .script({ status: 400, body: { ResponseMetadata: { RequestId: null, Error: { Code: "InvalidParam" } } } });
    expect(await rejectionOf(client.call("DescribeCallback", {}, anyResult))).toMatchObject({
      apiCode: "InvalidParam",
    });
  });

  it("ignores unknown fields", async () => {
    server.script({ body: { ...envelope("CreateRelaySourceV4", { TaskId: "7", Extra: 1 }), Unknown: true } });
    await expect(client.call("CreateRelaySourceV4", {}, { result: z.object({ TaskId: z.string() }) })).resolves.toEqual(
      { TaskId: "7" },
    );
  });
});
