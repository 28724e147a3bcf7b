import { VolcLiveError } from "./VolcLiveError";

export interface ApiErrorDetails {
  readonly action: string;
  /** `ResponseMetadata.Error.Code`, e.g. `InvalidParam`; absent when the response carried no envelope. */
  readonly apiCode: string | undefined;
  readonly apiCodeN: number | undefined;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  /** Seconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds?: number | undefined;
  readonly attempts?: number | undefined;
}

/** The service answered with an error (`ResponseMetadata.Error`, even under HTTP 200, or an error status). */
export class ApiError extends VolcLiveError implements ApiErrorDetails {
  override readonly code = "VOLC_LIVE_ERR_API";
  readonly action: string;
  readonly apiCode: string | undefined;
  readonly apiCodeN: number | undefined;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  attempts: number | undefined;

  /** `message` must already be redacted. */
  constructor(message: string, details: ApiErrorDetails) {
    const label = details.apiCode ?? `HTTP ${details.status}`;
    super(
      `${details.action} failed: ${label}: ${message}${details.requestId ? ` (RequestId ${details.requestId})` : ""}`,
    );
    this.name = "ApiError";
    this.action = details.action;
    this.apiCode = details.apiCode;
    this.apiCodeN = details.apiCodeN;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.attempts = details.attempts;
  }
}
