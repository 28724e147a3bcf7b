import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CREDENTIALS } from "../../emulator/EmulatorOptions";
import { type RunningEmulator, startEmulator } from "../../emulator/startEmulator";
import {
  EMPTY_SHA256,
  formatXDate,
  type RawResponse,
  rawSignedRequest,
  type RawSignedRequestOptions,
  sha256Hex,
  sign,
} from "../../scripts/lib/rawSignedRequest";

// Published test vector V3 (a live POST).
const V3 = {
  credentials: { accessKeyId: "AKLTexampleAccessKeyId", secretAccessKey: "exampleSecretAccessKey==" },
  xDate: "20250101T000000Z",
  host: "live.volcengineapi.com",
  body: '{"Vhost":"push.example.com","App":"live","MessageType":"push"}',
  bodySha: "82392d1ae55a80125a8cbbe0c88edd3cd8e7b2911291d4dd0c40381944911b24",
  goSignature: "d74d4ffd3b969923cec246ad50200a6e7472437d2d50595b8d2ab292fabcac8a",
  nodeSignature: "c3f0b0fb0415761db2f8dc018a516f1268206342ac45e8836d0c9058dfe3e260",
};
const V3_QUERY = [
  ["Action", "DescribeCallback"],
  ["Version", "2023-01-01"],
] as const;

describe("the raw signing helper reproduces the published test vectors", () => {
  it("V1 (published): canonical request hash, signing key and signature", () => {
    const parts = sign({
      method: "GET",
      query: [
        ["Action", "ListUsers"],
        ["Version", "2018-01-01"],
        ["Limit", "10"],
        ["Offset", "0"],
      ],
      headers: { host: "iam.volcengineapi.com", "x-date": "20240619T071306Z" },
      payloadHash: EMPTY_SHA256,
      xDate: "20240619T071306Z",
      credentials: {
        accessKeyId: "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg",
        secretAccessKey: "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==",
      },
      region: "cn-beijing",
      service: "iam",
    });
    expect(parts.canonicalRequest).toBe(
      [
        "GET",
        "/",
        "Action=ListUsers&Limit=10&Offset=0&Version=2018-01-01",
        "host:iam.volcengineapi.com",
        "x-date:20240619T071306Z",
        "",
        "host;x-date",
        EMPTY_SHA256,
      ].join("\n"),
    );
    expect(parts.canonicalRequestHash).toBe("5ed5bca3905e1fcbf789abb56a17c2d819674a3bcfa468ae476bd1ea80d135cb");
    expect(parts.signingKey).toBe("abee62e533a58934c49954459a3c3237d2fccea517c9a7c8a2651d8ea7779826");
    expect(parts.signature).toBe("e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93");
  });

  it("V2 (DemoSignOnly inputs)", () => {
    const xDate = formatXDate(new Date(1640712206 * 1000));
    expect(xDate).toBe("20211228T172326Z");
    const parts = sign({
      method: "GET",
      query: [
        ["Action", "ListUsers"],
        ["Limit", "5"],
        ["Offset", "0"],
        ["Version", "2018-01-01"],
      ],
      headers: { Host: "open.volcengineapi.com", "X-Content-Sha256": EMPTY_SHA256, "X-Date": xDate },
      payloadHash: EMPTY_SHA256,
      xDate,
      credentials: { accessKeyId: "ak", secretAccessKey: "sk" },
      region: "cn-north-1",
      service: "iam",
    });
    expect(parts.signedHeaders).toBe("host;x-content-sha256;x-date");
    expect(parts.signature).toBe("4f5b9d2b436092f11a41b5ad0d6eb6a868b30bd3955f480fa1d6bf1ed3073eba");
  });

  it("V3 with the Go/Python header set, and the Node SDK's own header rule", () => {
    expect(sha256Hex(V3.body)).toBe(V3.bodySha);
    const common = {
      method: "POST",
      query: V3_QUERY,
      payloadHash: V3.bodySha,
      xDate: V3.xDate,
      credentials: V3.credentials,
    };
    const go = sign({
      ...common,
      headers: {
        "Content-Type": "application/json",
        Host: V3.host,
        "X-Content-Sha256": V3.bodySha,
        "X-Date": V3.xDate,
      },
    });
    expect(go.signedHeaders).toBe("content-type;host;x-content-sha256;x-date");
    expect(go.signature).toBe(V3.goSignature);
    expect(go.authorization).toBe(
      `HMAC-SHA256 Credential=AKLTexampleAccessKeyId/20250101/cn-north-1/live/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=${V3.goSignature}`,
    );
    const node = sign({
      ...common,
      headers: { Host: V3.host, "X-Content-Sha256": V3.bodySha, "X-Date": V3.xDate },
    });
    expect(node.signedHeaders).toBe("host;x-content-sha256;x-date");
    expect(node.signature).toBe(V3.nodeSignature);
  });

  it("V4: session token and reserved characters in the query", () => {
    const parts = sign({
      method: "POST",
      query: [
        ["Version", "2023-01-01"],
        ["Action", "ListRelaySourceV4"],
        ["Note", "a b*c~d/e:f+g!'()"],
      ],
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        Host: V3.host,
        "X-Content-Sha256": EMPTY_SHA256,
        "X-Date": V3.xDate,
        "X-Security-Token": "STS2exampleToken",
      },
      payloadHash: EMPTY_SHA256,
      xDate: V3.xDate,
      credentials: V3.credentials,
    });
    expect(parts.canonicalRequest.split("\n")[2]).toBe(
      "Action=ListRelaySourceV4&Note=a%20b%2Ac~d%2Fe%3Af%2Bg%21%27%28%29&Version=2023-01-01",
    );
    expect(parts.signedHeaders).toBe("content-type;host;x-content-sha256;x-date;x-security-token");
    expect(parts.signature).toBe("8b9846f3ee23d984a8c428f621c34efc592ae6e7afcf50969b75da54d5f9d016");
  });

  describe("over the wire", () => {
    let capture: Server;
    let captureUrl: string;
    let received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];

    beforeAll(async () => {
      capture = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          received.push({
            method: request.method ?? "",
            url: request.url ?? "",
            headers: request.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
          response.writeHead(200, { "content-type": "application/json" });
          response.end('{"ok":true}');
        });
      });
      await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
      captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => capture.close(() => resolve()));
    });
    beforeEach(() => {
      received = [];
    });

    it.each([
      ["go" as const, V3.goSignature, "content-type;host;x-content-sha256;x-date"],
      [["host", "x-content-sha256", "x-date"], V3.nodeSignature, "host;x-content-sha256;x-date"],
    ])("sends V3 exactly as signed (SignedHeaders %j)", async (signedHeaders, signature, list) => {
      const response = await rawSignedRequest({
        url: captureUrl,
        host: V3.host,
        credentials: V3.credentials,
        action: "DescribeCallback",
        body: V3.body,
        xDate: V3.xDate,
        signedHeaders,
      });
      expect(response).toMatchObject({ status: 200, json: { ok: true } });
      const [request] = received;
      expect(request).toMatchObject({
        method: "POST",
        url: "/?Action=DescribeCallback&Version=2023-01-01",
        body: V3.body,
        headers: {
          host: V3.host,
          "content-type": "application/json",
          "x-date": V3.xDate,
          "x-content-sha256": V3.bodySha,
          authorization: `HMAC-SHA256 Credential=AKLTexampleAccessKeyId/20250101/cn-north-1/live/request, SignedHeaders=${list}, Signature=${signature}`,
        },
      });
    });

    it("can send one body while signing another, and omit headers", async () => {
      await rawSignedRequest({
        url: captureUrl,
        authorization: null,
        contentSha256: null,
        contentType: null,
        body: "signed",
        sentBody: "sent",
      });
      const [request] = received;
      expect(request?.body).toBe("sent");
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.headers["x-content-sha256"]).toBeUndefined();
      expect(request?.headers["content-type"]).toBeUndefined();
    });
  });
});

const ALPHA = { accessKeyId: "AKLTaccountAlpha0001", secretAccessKey: "alpha-Secret-0001==" };
const BRAVO = { accessKeyId: "AKLTaccountBravo0002", secretAccessKey: "bravo-Secret-0002==" };
const START = Date.UTC(2025, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const LIST_BODY = { Domain: "play.example.com" };
const EMPTY_LIST = { List: [], Pagination: { PageCur: 1, PageSize: 20, PageTotal: 0, TotalCount: 0 } };

let emulator: RunningEmulator;
let gatewayClock = START;

function send(options: Partial<RawSignedRequestOptions> = {}): Promise<RawResponse> {
  return rawSignedRequest({
    url: emulator.url,
    credentials: ALPHA,
    action: "ListRelaySourceV4",
    body: LIST_BODY,
    xDate: new Date(START),
    ...options,
  });
}

function metadata(action: string) {
  return {
    RequestId: expect.stringMatching(/^[0-9A-Za-z-]{8,}$/),
    Action: action,
    Version: "2023-01-01",
    Service: "live",
    Region: "cn-north-1",
  };
}

function expectSuccess(response: RawResponse, action: string, result: unknown): void {
  expect({ status: response.status, json: response.json }).toEqual({
    status: 200,
    json: { ResponseMetadata: metadata(action), Result: result },
  });
}

function expectGatewayError(
  response: RawResponse,
  expected: { status: number; code: string; codeN?: number; action?: string },
): void {
  const error =
    expected.codeN === undefined
      ? { Code: expected.code, Message: expect.stringMatching(/\S/) }
      : { Code: expected.code, CodeN: expected.codeN, Message: expect.stringMatching(/\S/) };
  expect({ status: response.status, json: response.json }).toEqual({
    status: expected.status,
    json: { ResponseMetadata: { ...metadata(expected.action ?? "ListRelaySourceV4"), Error: error } },
  });
  expect(response.json?.Result).toBeUndefined();
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0, credentials: [ALPHA, BRAVO], now: () => gatewayClock });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  gatewayClock = START;
});

describe("signature mode accepts", () => {
  it("the Go/Python header set content-type;host;x-content-sha256;x-date", async () => {
    expectSuccess(await send({ signedHeaders: "go" }), "ListRelaySourceV4", EMPTY_LIST);
  });

  it("the Node SDK header set x-content-sha256;x-date", async () => {
    expectSuccess(await send({ signedHeaders: "node" }), "ListRelaySourceV4", EMPTY_LIST);
  });

  it("the Node SDK set with Host (host;x-content-sha256;x-date) and a charset content type", async () => {
    const response = await send({
      signedHeaders: ["host", "x-content-sha256", "x-date"],
      contentType: "application/json; charset=utf-8",
    });
    expectSuccess(response, "ListRelaySourceV4", EMPTY_LIST);
  });

  it("an empty-body request with no X-Content-Sha256 header (the body hash is still signed)", async () => {
    const response = await send({ signedHeaders: ["host", "x-date"], contentSha256: null, body: "" });
    // The body is empty, so Domain is missing: authentication passed and the action itself answered.
    expect(response.status).toBe(400);
    expect(response.json?.ResponseMetadata?.Error?.Code).toBe("InvalidParam");
  });

  it("the second account's key pair", async () => {
    expectSuccess(await send({ credentials: BRAVO }), "ListRelaySourceV4", EMPTY_LIST);
  });

  it.each(["go" as const, "node" as const])("a signed session token (X-Security-Token, %s set)", async (set) => {
    const response = await send({ signedHeaders: set, sessionToken: "STS2exampleToken" });
    expectSuccess(response, "ListRelaySourceV4", EMPTY_LIST);
  });

  it.each([
    ["behind", -14],
    ["ahead", 14],
  ])("an X-Date 14 minutes %s of the gateway clock", async (_direction, minutes) => {
    gatewayClock = START - minutes * MINUTE;
    expectSuccess(await send(), "ListRelaySourceV4", EMPTY_LIST);
  });
});

describe("signature mode rejects", () => {
  const signatureDoesNotMatch = { status: 401, code: "SignatureDoesNotMatch", codeN: 100010 };

  it("a request with no Authorization: 401 MissingAuthenticationToken 100003", async () => {
    expectGatewayError(await send({ authorization: null }), {
      status: 401,
      code: "MissingAuthenticationToken",
      codeN: 100003,
    });
  });

  it("an empty Authorization: 401 MissingAuthenticationToken 100003", async () => {
    expectGatewayError(await send({ authorization: "" }), {
      status: 401,
      code: "MissingAuthenticationToken",
      codeN: 100003,
    });
  });

  it("an unknown access key: 401 InvalidAccessKey 100009", async () => {
    const response = await send({ credentials: { accessKeyId: "AKLTnobodyKnowsThisKey", secretAccessKey: "x" } });
    expectGatewayError(response, { status: 401, code: "InvalidAccessKey", codeN: 100009 });
  });

  it("a wrong secret: 401 SignatureDoesNotMatch 100010", async () => {
    const response = await send({ credentials: { accessKeyId: ALPHA.accessKeyId, secretAccessKey: "not-the-secret" } });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("another account's secret with this account's key", async () => {
    const response = await send({
      credentials: { accessKeyId: ALPHA.accessKeyId, secretAccessKey: BRAVO.secretAccessKey },
    });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it.each([
    ["behind", -16],
    ["ahead", 16],
  ])("an X-Date 16 minutes %s of the gateway clock: 403 InvalidTimestamp 100006", async (_direction, minutes) => {
    gatewayClock = START - minutes * MINUTE;
    expectGatewayError(await send(), { status: 403, code: "InvalidTimestamp", codeN: 100006 });
  });

  it("a session token that is sent but not signed", async () => {
    const response = await send({ sessionToken: "STS2exampleToken", signSessionToken: false });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a signed session token changed after signing", async () => {
    const response = await send({
      sessionToken: "STS2exampleToken",
      headerOverrides: { "x-security-token": "STS2otherToken" },
    });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a body tampered after signing (X-Content-Sha256 is the signed body's hash)", async () => {
    const response = await send({ body: LIST_BODY, sentBody: JSON.stringify({ Domain: "evil.example.com" }) });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a body tampered after signing, with no X-Content-Sha256 header to give it away", async () => {
    const untampered = await send({ signedHeaders: ["host", "x-date"], contentSha256: null });
    expectSuccess(untampered, "ListRelaySourceV4", EMPTY_LIST);
    const response = await send({
      signedHeaders: ["host", "x-date"],
      contentSha256: null,
      sentBody: JSON.stringify({ Domain: "evil.example.com" }),
    });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("an X-Content-Sha256 that does not match the body (signed as declared)", async () => {
    const response = await send({ contentSha256: sha256Hex('{"Domain":"other.example.com"}') });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("an unsigned X-Content-Sha256 that does not match the body (the signature itself is right)", async () => {
    const response = await send({
      signedHeaders: ["content-type", "host", "x-date"],
      headerOverrides: { "x-content-sha256": EMPTY_SHA256 },
    });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a signed header changed after signing", async () => {
    const response = await send({ headerOverrides: { "content-type": "text/plain" } });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a signed header removed after signing", async () => {
    const response = await send({ headerOverrides: { "content-type": null } });
    expectGatewayError(response, signatureDoesNotMatch);
  });

  it("a credential scope for another region", async () => {
    expectGatewayError(await send({ region: "cn-beijing" }), signatureDoesNotMatch);
  });

  it("a query parameter added after signing", async () => {
    // Signed without Version, sent with it: the canonical query differs.
    const xDate = formatXDate(new Date(START));
    const bodyHash = sha256Hex(JSON.stringify(LIST_BODY));
    const host = new URL(emulator.url).host;
    const authorization = sign({
      method: "POST",
      query: [["Action", "ListRelaySourceV4"]],
      headers: { "content-type": "application/json", host, "x-content-sha256": bodyHash, "x-date": xDate },
      payloadHash: bodyHash,
      xDate,
      credentials: ALPHA,
    }).authorization;
    expectGatewayError(await send({ authorization }), signatureDoesNotMatch);
  });

  it("an unknown Action: 404 InvalidActionOrVersion 100008", async () => {
    const response = await send({ action: "DescribeEverything" });
    expectGatewayError(response, {
      status: 404,
      code: "InvalidActionOrVersion",
      codeN: 100008,
      action: "DescribeEverything",
    });
  });

  it.each([["2020-08-01"], [""]])("Version %j: 404 InvalidActionOrVersion 100008", async (version) => {
    const response = await send({ version });
    expectGatewayError(response, { status: 404, code: "InvalidActionOrVersion", codeN: 100008 });
  });

  it("a request with no Version: 404 InvalidActionOrVersion 100008", async () => {
    const response = await send({ version: null });
    expectGatewayError(response, { status: 404, code: "InvalidActionOrVersion", codeN: 100008 });
  });

  it("a signed GET instead of POST: 405 MethodNotAllowed", async () => {
    const response = await send({ method: "GET", body: "" });
    expectGatewayError(response, { status: 405, code: "MethodNotAllowed" });
  });

  it.each([
    ["another scheme", "Bearer abcdef"],
    [
      "no Signature",
      `HMAC-SHA256 Credential=${ALPHA.accessKeyId}/20250101/cn-north-1/live/request, SignedHeaders=x-date`,
    ],
    [
      "a short signature",
      `HMAC-SHA256 Credential=${ALPHA.accessKeyId}/20250101/cn-north-1/live/request, SignedHeaders=x-date, Signature=abc`,
    ],
    ["no Credential", "HMAC-SHA256 SignedHeaders=x-date, Signature=" + "a".repeat(64)],
  ])("a malformed Authorization (%s): 401 MissingSignature 100005", async (_case, authorization) => {
    const response = await send({ authorization });
    expectGatewayError(response, { status: 401, code: "MissingSignature", codeN: 100005 });
  });
});

describe("state is namespaced by access key", () => {
  it("a relay created by account A is listed for A only", async () => {
    const relay = {
      Domain: "ns.example.com",
      App: "live",
      Stream: "namespaced-1",
      SrcAddrS: ["rtmp://origin.example.com/live/namespaced-1"],
    };
    const created = await send({ action: "CreateRelaySourceV4", body: relay });
    expectSuccess(created, "CreateRelaySourceV4", { TaskId: expect.stringMatching(/^\d+$/) });

    const seenByB = await send({ credentials: BRAVO, body: { Domain: "ns.example.com" } });
    expectSuccess(seenByB, "ListRelaySourceV4", EMPTY_LIST);

    const seenByA = await send({ body: { Domain: "ns.example.com" } });
    expectSuccess(seenByA, "ListRelaySourceV4", {
      List: [{ ...relay, StartTime: 0, EndTime: 0 }],
      Pagination: { PageCur: 1, PageSize: 20, PageTotal: 1, TotalCount: 1 },
    });

    // B can create the same key in its own account: no cross-account uniqueness.
    const createdByB = await send({ credentials: BRAVO, action: "CreateRelaySourceV4", body: relay });
    expect(createdByB.status).toBe(200);
    const snapshot = emulator.state();
    expect(snapshot.accounts[ALPHA.accessKeyId]?.relaySourcesV4.map((config) => config.Stream)).toEqual([
      "namespaced-1",
    ]);
    expect(snapshot.accounts[BRAVO.accessKeyId]?.relaySourcesV4.map((config) => config.Stream)).toEqual([
      "namespaced-1",
    ]);
  });
});

describe("access-key mode", () => {
  let lenient: RunningEmulator;

  beforeAll(async () => {
    lenient = await startEmulator({ rateLimit: 0, auth: "access-key" });
  });
  afterAll(async () => {
    await lenient.stop();
  });

  it("accepts a known key with a wrong signature", async () => {
    const response = await rawSignedRequest({
      url: lenient.url,
      credentials: { accessKeyId: DEFAULT_CREDENTIALS.accessKeyId, secretAccessKey: "wrong-secret" },
      action: "ListRelaySourceV4",
      body: LIST_BODY,
    });
    expectSuccess(response, "ListRelaySourceV4", EMPTY_LIST);
  });

  it("still rejects an unknown key: 401 InvalidAccessKey 100009", async () => {
    const response = await rawSignedRequest({
      url: lenient.url,
      credentials: { accessKeyId: "AKLTnobodyKnowsThisKey", secretAccessKey: DEFAULT_CREDENTIALS.secretAccessKey },
      action: "ListRelaySourceV4",
      body: LIST_BODY,
    });
    expectGatewayError(response, { status: 401, code: "InvalidAccessKey", codeN: 100009 });
  });

  it("still rejects a request with no Authorization: 401 MissingAuthenticationToken 100003", async () => {
    const response = await rawSignedRequest({
      url: lenient.url,
      authorization: null,
      action: "ListRelaySourceV4",
      body: LIST_BODY,
    });
    expectGatewayError(response, { status: 401, code: "MissingAuthenticationToken", codeN: 100003 });
  });
});
