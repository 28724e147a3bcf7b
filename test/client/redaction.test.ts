import { inspect } from "node:util";
import { z } from "zod";
import { updateCallback } from "../../provider/api/callback";
import type { ClientEvent } from "../../provider/client/ClientEvent";
import { LiveClient } from "../../provider/client/LiveClient";
import { Redactor } from "../../provider/client/Redactor";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { envelope, errorEnvelope, ScriptedServer } from "../../scripts/lib/ScriptedServer";

const SECRET = "SK-very-secret-Value/+=";
const TOKEN = "STS2-session-token-value";
const AUTH_KEY = 'cb-auth"key\\value';

/** Every form an error can be turned into text: the bytes searched for secrets. */
function allForms(error: unknown): string {
  const err = error as Error;
  return [
    err.message,
    err.stack,
    String(err),
    JSON.stringify(err),
    inspect(err, { depth: 10, showHidden: true }),
    err.cause === undefined ? "" : inspect(err.cause, { depth: 10, showHidden: true }),
  ].join("\n");
}

function expectNoSecrets(text: string, authorizations: readonly string[]): void {
  for (const needle of [SECRET, TOKEN, AUTH_KEY, JSON.stringify(AUTH_KEY).slice(1, -1), ...authorizations]) {
    expect(text).not.toContain(needle);
  }
}

describe("redaction", () => {
  let server: ScriptedServer;
  let client: LiveClient;
  const events: ClientEvent[] = [];

  beforeAll(async () => {
    server = await ScriptedServer.start();
    client = new LiveClient({
      endpoint: server.url,
      credentials: { accessKeyId: "AKLTredaction", secretAccessKey: SECRET, sessionToken: TOKEN },
      rateLimit: false,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      logger: (event) => events.push(event),
    });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  const authorizations = () => server.requests.map((request) => request.headers.authorization as string);

  it("keeps secrets echoed by the server out of API errors and logs", async () => {
    server.script({
      status: 500,
      body: errorEnvelope(
        "UpdateCallback",
        "InternalError",
        `failed for key ${SECRET} token ${TOKEN} auth ${AUTH_KEY} header ${"HMAC-SHA256 Credential=AKLTredaction/20250101/cn-north-1/live/request, SignedHeaders=host, Signature=abcdef"}`,
      ),
    });
    const error = await rejectionOf(
      updateCallback(client, {
        Vhost: "v.example.com",
        MessageType: "push",
        CallbackDetailList: [{ CallbackType: "http", URL: "https://cb.example.com/x" }],
        AuthEnable: true,
        AuthKeyPrimary: AUTH_KEY,
      }),
    );
    expect(error.code).toBe("VOLC_LIVE_ERR_API");
    expect(error.message).toContain("[REDACTED]");
    expectNoSecrets(allForms(error), authorizations());
    expectNoSecrets(JSON.stringify(events), authorizations());
    expect(events.some((event) => event.type === "retry")).toBe(true);
  });

  it("keeps a returned AuthKeyPrimary out of a response-shape error", async () => {
    server.script({
      body: envelope("DescribeCallback", { CallbackList: [{ Vhost: "v", MessageType: 7, AuthKeyPrimary: AUTH_KEY }] }),
    });
    const error = await rejectionOf(
      client.call(
        "DescribeCallback",
        {},
        { result: z.object({ CallbackList: z.array(z.object({ MessageType: z.string() })) }) },
      ),
    );
    expect(error.code).toBe("VOLC_LIVE_ERR_RESPONSE_SHAPE");
    expectNoSecrets(allForms(error), authorizations());
  });

  it("keeps secrets out of ambiguous-result and transport errors", async () => {
    server.script("drop");
    const ambiguous = await rejectionOf(
      client.call("CreateRelaySourceV4", { AuthKeyPrimary: AUTH_KEY }, { result: z.unknown() }),
    );
    expect(ambiguous.code).toBe("VOLC_LIVE_ERR_AMBIGUOUS_RESULT");
    expectNoSecrets(allForms(ambiguous), authorizations());
    const transport = await rejectionOf(client.call("DescribeCallback", {}, { result: z.unknown() }));
    expect(transport.code).toBe("VOLC_LIVE_ERR_CONNECTION_RESET");
    expectNoSecrets(allForms(transport), authorizations());
  });

  it("replaces raw, JSON-escaped and URL-encoded spellings, longest first", () => {
    const redactor = new Redactor(["ab", "abc/d"]);
    expect(redactor.redact("x abc/d y abc%2Fd z ab")).toBe("x [REDACTED] y [REDACTED] z [REDACTED]");
  });
});
