import type { Dispatcher } from "undici";
import { escapeUri } from "../signer/escapeUri";
import { signRequest } from "../signer/signRequest";
import type { Attempt } from "./Attempt";
import type { AttemptFailure } from "./AttemptOutcome";
import { API_VERSION, SERVICE } from "./environment";
import type { TimeoutOptions } from "./LiveClientOptions";

/** An answer as it came off the wire, not yet decoded. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/**
 * Signs the attempt (so every retry carries a fresh X-Date) and POSTs it to `/?Action=X&Version=…`. A failure to
 * get a whole answer becomes a TransportError that says whether the request may have reached the server.
 */
export async function sendAttempt(
  dispatcher: Dispatcher,
  attempt: Attempt,
  timeouts: TimeoutOptions | undefined,
): Promise<HttpResponse | AttemptFailure> {
  const { action, payload, target, signals } = attempt;
  const headers = signRequest(
    {
      method: "POST",
      path: "/",
      query: { Action: action, Version: API_VERSION },
      headers: {
        Host: target.endpoint.host,
        "Content-Type": "application/json",
        Accept: "application/json",
        "User-Agent": "pulumi-volcengine-live",
      },
      body: payload,
    },
    { credentials: target.credentials, region: target.region, service: SERVICE, date: attempt.signedAt },
  );
  try {
    const response = await dispatcher.request({
      origin: target.endpoint.origin,
      path: `/?Action=${escapeUri(action)}&Version=${API_VERSION}`,
      method: "POST",
      headers,
      body: payload,
      headersTimeout: timeouts?.headersMs ?? 10_000,
      bodyTimeout: timeouts?.bodyMs ?? 10_000,
      signal: signals.signal,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  } catch (error) {
    return { error: signals.transportError(action, error, attempt.redactor) };
  }
}
