import { Agent, type Dispatcher } from "undici";
import type { z } from "zod";
import { AmbiguousResultError } from "../errors/AmbiguousResultError";
import { ApiError } from "../errors/ApiError";
import { ConfigurationError } from "../errors/ConfigurationError";
import { ResponseShapeError } from "../errors/ResponseShapeError";
import { TransportError } from "../errors/TransportError";
import type { VolcLiveError } from "../errors/VolcLiveError";
import { escapeUri } from "../signer/escapeUri";
import { signRequest } from "../signer/signRequest";
import { formatIssues } from "../errors/ValidationIssue";
import { toValidationIssues } from "../validation/toValidationIssues";
import type { Credentials, CredentialsProvider } from "./Credentials";
import { clientOptionsSchema } from "./clientOptionsSchema";
import { API_VERSION, DEFAULT_REGION, ENV_REGION, SERVICE } from "./environment";
import { collectSecretValues, Redactor } from "./Redactor";
import { resolveCredentials } from "./resolveCredentials";
import { type ResolvedEndpoint, resolveEndpoint } from "./resolveEndpoint";
import { responseEnvelopeSchema } from "./responseEnvelope";
import {
  backoffDelayMs,
  INVALID_TIMESTAMP,
  isIdempotentAction,
  isRetryableApiError,
  parseRetryAfterMs,
  wasRejectedBeforeApply,
} from "./retryPolicy";
import { sharedRateLimiter } from "./sharedRateLimiters";
import type { RateLimit } from "./TokenBucket";
import { toTransportError } from "./toTransportError";

export interface RetryOptions {
  /** Attempts per call, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt (full jitter). Default 300 ms. */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. Default 10 s. */
  readonly maxDelayMs?: number;
}

export interface TimeoutOptions {
  /** Per attempt: TCP/TLS connect. Default 10 s. */
  readonly connectMs?: number;
  /** Per attempt: from sending to the response headers. Default 10 s. */
  readonly headersMs?: number;
  /** Per attempt: between body chunks. Default 10 s. */
  readonly bodyMs?: number;
  /** Per call, retries and rate-limit waits included. Default 60 s. */
  readonly deadlineMs?: number;
}

export type ClientEvent =
  | { readonly type: "attempt"; readonly action: string; readonly attempt: number }
  | {
      readonly type: "response";
      readonly action: string;
      readonly attempt: number;
      readonly status: number;
      readonly apiCode: string | undefined;
      readonly requestId: string | undefined;
      readonly durationMs: number;
    }
  | {
      readonly type: "retry";
      readonly action: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    };

export interface LiveClientOptions {
  /** Default: `VOLCENGINE_LIVE_ENDPOINT`, then https://live.volcengineapi.com. */
  readonly endpoint?: string;
  /** How error messages name the `endpoint` option, e.g. the setting it was read from. Default "endpoint option". */
  readonly endpointName?: string;
  /** Default: `VOLCENGINE_REGION`, then cn-north-1. */
  readonly region?: string;
  /** Default: `VOLCENGINE_ACCESS_KEY`, `VOLCENGINE_SECRET_KEY`, `VOLCENGINE_SESSION_TOKEN`, read at each call. */
  readonly credentials?: Credentials | CredentialsProvider;
  readonly retry?: RetryOptions;
  readonly timeouts?: TimeoutOptions;
  /** Client-side limit per action, shared process-wide. Default 10/s, burst 1; `false` turns it off. */
  readonly rateLimit?: RateLimit | false;
  /** An undici dispatcher to send through; by default the client owns a keep-alive Agent. */
  readonly dispatcher?: Dispatcher;
  /** Receives one event per attempt, response and retry. Events carry no secret. */
  readonly logger?: (event: ClientEvent) => void;
  /** Where environment variables are read from, at call time. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock used for X-Date. */
  readonly now?: () => Date;
  /** Source of backoff jitter in [0, 1). */
  readonly random?: () => number;
}

export interface CallOptions<T> {
  readonly result: z.ZodType<T>;
  readonly signal?: AbortSignal;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 10, burst: 1 };

interface AttemptFailure {
  readonly error: ApiError | TransportError | ResponseShapeError;
  readonly retryAfterMs?: number | undefined;
  /** The response's Date header, to correct a skewed local clock. */
  readonly serverDateMs?: number | undefined;
}

/**
 * Calls Live OpenAPI actions: `POST {endpoint}/?Action=X&Version=2023-01-01` with a signed JSON body. Success is
 * decided by the response envelope, not the HTTP status. Retries follow the action's idempotency, not the method.
 */
export class LiveClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  /** Server time minus local time, learnt from an InvalidTimestamp answer's Date header. */
  private clockOffsetMs = 0;

  constructor(private readonly options: LiveClientOptions = {}) {
    const checked = clientOptionsSchema.safeParse(options);
    if (!checked.success) {
      throw new ConfigurationError(`invalid client options: ${formatIssues(toValidationIssues(checked.error))}`);
    }
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connectTimeout: options.timeouts?.connectMs ?? 10_000,
        keepAliveTimeout: 4_000,
        connections: 16,
      });
  }

  /** Closes the client's own connection pool (not an injected dispatcher). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) {
      await this.dispatcher.close();
    }
  }

  async call<T>(action: string, body: object, options: CallOptions<T>): Promise<T> {
    const env = this.options.env ?? process.env;
    const endpoint = resolveEndpoint(this.options.endpoint, env, this.options.endpointName);
    const credentials = await resolveCredentials(this.options.credentials, env);
    const region = this.options.region?.trim() || env[ENV_REGION]?.trim() || DEFAULT_REGION;
    const payload = JSON.stringify(body);
    const redactor = new Redactor([
      credentials.secretAccessKey,
      credentials.sessionToken,
      credentials.accessKeyId,
      ...collectSecretValues(body),
    ]);

    const maxAttempts = this.options.retry?.maxAttempts ?? 5;
    const baseDelayMs = this.options.retry?.baseDelayMs ?? 300;
    const maxDelayMs = this.options.retry?.maxDelayMs ?? 10_000;
    const deadlineMs = this.options.timeouts?.deadlineMs ?? 60_000;
    const random = this.options.random ?? Math.random;
    const idempotent = isIdempotentAction(action);
    const deadlineSignal = AbortSignal.timeout(deadlineMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadlineSignal]) : deadlineSignal;
    const deadlineAt = Date.now() + deadlineMs;
    const limiter =
      this.options.rateLimit === false
        ? undefined
        : sharedRateLimiter(
            `${endpoint.origin}\n${credentials.accessKeyId}`,
            action,
            this.options.rateLimit ?? DEFAULT_RATE_LIMIT,
          );

    let resigned = false;
    for (let attempt = 1; ; attempt++) {
      if (limiter !== undefined) {
        try {
          await limiter.acquire(signal);
        } catch (error) {
          throw withAttempts(
            toTransportError(action, error, redactor, abortState(options.signal, deadlineSignal), false),
            attempt - 1,
          );
        }
      }
      this.options.logger?.({ type: "attempt", action, attempt });
      const outcome = await this.attempt(action, attempt, payload, endpoint, credentials, region, redactor, signal, {
        caller: options.signal,
        deadline: deadlineSignal,
      });
      if (!("error" in outcome)) {
        try {
          return parseResult(action, outcome, options.result, redactor);
        } catch (shapeError) {
          // A create that answered 2xx happened, even if its answer cannot be read.
          throw idempotent ? shapeError : new AmbiguousResultError(action, shapeError as ResponseShapeError);
        }
      }
      const { error } = outcome;
      withAttempts(error, attempt);
      if (!idempotent && mayHaveBeenApplied(error)) {
        throw new AmbiguousResultError(action, error);
      }
      const isInvalidTimestamp = error instanceof ApiError && error.apiCode === INVALID_TIMESTAMP;
      const retryable = isInvalidTimestamp ? !resigned : isRetryable(error);
      if (!retryable) {
        throw error;
      }
      if (attempt >= maxAttempts) {
        throw error;
      }
      // A stale clock gets one immediate re-signed retry: a new X-Date is all it needs.
      if (isInvalidTimestamp && outcome.serverDateMs !== undefined) {
        this.clockOffsetMs = outcome.serverDateMs - (this.options.now?.() ?? new Date()).getTime();
      }
      const delayMs = isInvalidTimestamp
        ? 0
        : (outcome.retryAfterMs ?? backoffDelayMs(attempt, baseDelayMs, maxDelayMs, random));
      resigned ||= isInvalidTimestamp;
      if (Date.now() + delayMs >= deadlineAt) {
        throw error;
      }
      this.options.logger?.({ type: "retry", action, attempt, delayMs, reason: error.message });
      try {
        await sleep(delayMs, signal);
      } catch (abortError) {
        throw withAttempts(
          toTransportError(action, abortError, redactor, abortState(options.signal, deadlineSignal), false),
          attempt,
        );
      }
    }
  }

  private async attempt(
    action: string,
    attempt: number,
    payload: string,
    endpoint: ResolvedEndpoint,
    credentials: Credentials,
    region: string,
    redactor: Redactor,
    signal: AbortSignal,
    abortSignals: { caller: AbortSignal | undefined; deadline: AbortSignal },
  ): Promise<AttemptFailure | { status: number; requestId: string | undefined; result: unknown }> {
    const query = { Action: action, Version: API_VERSION };
    // Signed per attempt: every retry carries a fresh X-Date.
    const headers = signRequest(
      {
        method: "POST",
        path: "/",
        query,
        headers: {
          Host: endpoint.host,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": "pulumi-volcengine-live",
        },
        body: payload,
      },
      { credentials, region, service: SERVICE, date: this.signingDate() },
    );
    const started = performance.now();
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await this.dispatcher.request({
        origin: endpoint.origin,
        path: `/?Action=${escapeUri(action)}&Version=${API_VERSION}`,
        method: "POST",
        headers,
        body: payload,
        headersTimeout: this.options.timeouts?.headersMs ?? 10_000,
        bodyTimeout: this.options.timeouts?.bodyMs ?? 10_000,
        signal,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      return {
        error: toTransportError(action, error, redactor, abortState(abortSignals.caller, abortSignals.deadline)),
      };
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    // Secrets the server echoes (a callback's AuthKeyPrimary) must not reach an error either.
    const responseRedactor = new Redactor(collectSecretValues(json));
    const redact = (message: string) => responseRedactor.redact(redactor.redact(message));
    const envelope = responseEnvelopeSchema.safeParse(json);
    const retryAfterMs = parseRetryAfterMs(responseHeaders["retry-after"], Date.now());
    if (!envelope.success) {
      this.log(action, attempt, status, undefined, undefined, started);
      if (status >= 400) {
        const error = new ApiError(
          json === undefined ? "response body is not JSON" : "response has no ResponseMetadata",
          {
            action,
            apiCode: undefined,
            apiCodeN: undefined,
            status,
            requestId: undefined,
            retryable: isRetryableApiError(status, undefined),
            retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
          },
        );
        return { error, retryAfterMs };
      }
      const issues =
        json === undefined
          ? [{ path: "", message: "body is not JSON" }]
          : toValidationIssues(envelope.error).map((issue) => ({ ...issue, message: redact(issue.message) }));
      return { error: new ResponseShapeError(action, status, undefined, issues) };
    }
    const metadata = envelope.data.ResponseMetadata;
    const apiCode = metadata.Error?.Code || undefined;
    this.log(action, attempt, status, apiCode, metadata.RequestId, started);
    if (apiCode !== undefined || status < 200 || status >= 300) {
      const serverDateMs = Date.parse(String(responseHeaders.date ?? ""));
      const error = new ApiError(redact(metadata.Error?.Message ?? "no message"), {
        action,
        apiCode,
        apiCodeN: metadata.Error?.CodeN,
        status,
        requestId: metadata.RequestId,
        retryable: isRetryableApiError(status, apiCode),
        retryAfterSeconds: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
      });
      return { error, retryAfterMs, serverDateMs: Number.isNaN(serverDateMs) ? undefined : serverDateMs };
    }
    return { status, requestId: metadata.RequestId, result: envelope.data.Result };
  }

  private signingDate(): Date {
    const now = this.options.now?.() ?? new Date();
    return this.clockOffsetMs === 0 ? now : new Date(now.getTime() + this.clockOffsetMs);
  }

  private log(
    action: string,
    attempt: number,
    status: number,
    apiCode: string | undefined,
    requestId: string | undefined,
    started: number,
  ) {
    this.options.logger?.({
      type: "response",
      action,
      attempt,
      status,
      apiCode,
      requestId,
      durationMs: performance.now() - started,
    });
  }
}

function parseResult<T>(
  action: string,
  outcome: { status: number; requestId: string | undefined; result: unknown },
  schema: z.ZodType<T>,
  redactor: Redactor,
): T {
  const parsed = schema.safeParse(outcome.result);
  if (parsed.success) {
    return parsed.data;
  }
  const responseRedactor = new Redactor(collectSecretValues(outcome.result));
  const issues = toValidationIssues(parsed.error).map((issue) => ({
    path: issue.path === "" ? "Result" : `Result.${issue.path}`,
    message: responseRedactor.redact(redactor.redact(issue.message)),
  }));
  throw new ResponseShapeError(action, outcome.status, outcome.requestId, issues);
}

function isRetryable(error: VolcLiveError): boolean {
  if (error instanceof ApiError) {
    return error.retryable;
  }
  if (error instanceof TransportError) {
    return error.retryable;
  }
  return false;
}

/**
 * A server-side failure, a lost connection after sending, or an unreadable answer leaves a mutation's outcome
 * unknown.
 */
function mayHaveBeenApplied(error: VolcLiveError): error is ApiError | TransportError | ResponseShapeError {
  if (error instanceof ApiError) {
    return error.retryable && !wasRejectedBeforeApply(error.status, error.apiCode);
  }
  return (error instanceof TransportError && error.requestSent) || error instanceof ResponseShapeError;
}

function withAttempts<E extends VolcLiveError>(error: E, attempts: number): E {
  if (error instanceof ApiError || error instanceof TransportError) {
    error.attempts = attempts;
  }
  return error;
}

function abortState(caller: AbortSignal | undefined, deadline: AbortSignal): { caller: boolean; deadline: boolean } {
  return { caller: caller?.aborted === true, deadline: deadline.aborted };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
