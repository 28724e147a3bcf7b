import { Agent, type Dispatcher } from "undici";
import { AmbiguousResultError } from "../errors/AmbiguousResultError";
import { ApiError } from "../errors/ApiError";
import { ConfigurationError } from "../errors/ConfigurationError";
import type { ResponseShapeError } from "../errors/ResponseShapeError";
import { TransportError } from "../errors/TransportError";
import { formatIssues } from "../errors/ValidationIssue";
import { toValidationIssues } from "../validation/toValidationIssues";
import type { Attempt } from "./Attempt";
import { type AttemptOutcome, isFailure } from "./AttemptOutcome";
import { CallSignals } from "./CallSignals";
import { clientOptionsSchema } from "./clientOptionsSchema";
import { decodeResponse } from "./decodeResponse";
import { decodeResult } from "./decodeResult";
import { DEFAULT_RATE_LIMIT, type LiveClientOptions } from "./LiveClientOptions";
import { Redactor } from "./Redactor";
import type { ResultSchema } from "./ResultSchema";
import { type CallTarget, resolveCallTarget } from "./resolveCallTarget";
import { retryAttempts } from "./retryAttempts";
import { isIdempotentAction } from "./retryPolicy";
import { sendAttempt } from "./sendAttempt";
import { sharedRateLimiter } from "./sharedRateLimiters";
import { SigningClock } from "./SigningClock";
import type { TokenBucket } from "./TokenBucket";

export interface CallOptions<T> {
  /** Checks the answer's `Result` and gives the call's value, e.g. a zod schema; a mismatch is a ResponseShapeError. */
  readonly result: ResultSchema<T>;
  /** Aborts the call, its retries and waits included. */
  readonly signal?: AbortSignal;
}

/**
 * Calls Live OpenAPI actions: `POST {endpoint}/?Action=X&Version=2023-01-01` with a signed JSON body. Success is
 * decided by the response envelope, not the HTTP status. Retries follow the action's idempotency, not the method.
 */
export class LiveClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly clock: SigningClock;

  constructor(private readonly options: LiveClientOptions = {}) {
    const checked = clientOptionsSchema.safeParse(options);
    if (!checked.success) {
      throw new ConfigurationError(`invalid client options: ${formatIssues(toValidationIssues(checked.error))}`);
    }
    this.clock = new SigningClock(options.now);
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
    const target = await resolveCallTarget(this.options);
    const { credentials } = target;
    const redactor = new Redactor([
      credentials.secretAccessKey,
      credentials.sessionToken,
      credentials.accessKeyId,
    ]).includingSecretsOf(body);
    const signals = new CallSignals(options.signal, this.options.timeouts?.deadlineMs ?? 60_000);
    const payload = JSON.stringify(body);
    const success = await retryAttempts(
      {
        action,
        redactor,
        signals,
        limiter: this.rateLimiter(target, action),
        retry: this.options.retry,
        random: this.options.random ?? Math.random,
        clock: this.clock,
        logger: this.options.logger,
      },
      (number) => this.attempt({ action, number, payload, target, signedAt: this.clock.date(), redactor, signals }),
    );
    try {
      return decodeResult(action, success, options.result, redactor);
    } catch (shapeError) {
      // A create that answered 2xx happened, even if its answer cannot be read.
      throw isIdempotentAction(action)
        ? shapeError
        : new AmbiguousResultError(action, shapeError as ResponseShapeError);
    }
  }

  private rateLimiter(target: CallTarget, action: string): TokenBucket | undefined {
    const limit = this.options.rateLimit ?? DEFAULT_RATE_LIMIT;
    return limit === false
      ? undefined
      : sharedRateLimiter(`${target.endpoint.origin}\n${target.credentials.accessKeyId}`, action, limit);
  }

  /** Sends one attempt and decodes its answer, reporting the response to the logger. */
  private async attempt(attempt: Attempt): Promise<AttemptOutcome> {
    const started = performance.now();
    const response = await sendAttempt(this.dispatcher, attempt, this.options.timeouts);
    if (isFailure(response)) {
      return response;
    }
    const outcome = decodeResponse(attempt, response);
    this.options.logger?.({
      type: "response",
      action: attempt.action,
      attempt: attempt.number,
      status: response.status,
      ...answerIdentifiers(outcome),
      durationMs: performance.now() - started,
    });
    return outcome;
  }
}

/** The Code and RequestId an answer carried, for the response event. */
function answerIdentifiers(outcome: AttemptOutcome): { apiCode: string | undefined; requestId: string | undefined } {
  if (!isFailure(outcome)) {
    return { apiCode: undefined, requestId: outcome.requestId };
  }
  const { error } = outcome;
  return {
    apiCode: error instanceof ApiError ? error.apiCode : undefined,
    requestId: error instanceof TransportError ? undefined : error.requestId,
  };
}
