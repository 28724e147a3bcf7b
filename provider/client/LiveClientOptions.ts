import type { Dispatcher } from "undici";
import type { ClientEvent } from "./ClientEvent";
import type { Credentials, CredentialsProvider } from "./Credentials";
import type { RateLimit } from "./TokenBucket";

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

export interface LiveClientOptions {
  /** Default: `VOLCENGINE_LIVE_ENDPOINT`, then `VOLCENGINE_ENDPOINT`, then https://live.volcengineapi.com. */
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

export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 10, burst: 1 };
