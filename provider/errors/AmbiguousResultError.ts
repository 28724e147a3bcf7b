import type { ApiError } from "./ApiError";
import type { ResponseShapeError } from "./ResponseShapeError";
import type { TransportError } from "./TransportError";
import { VolcLiveError } from "./VolcLiveError";

/**
 * A mutation may or may not have been applied (timeout, dropped connection, server error, or an unreadable success
 * response after the request was sent). It is not retried blindly: read the resource back to learn the outcome.
 */
export class AmbiguousResultError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_AMBIGUOUS_RESULT";
  readonly action: string;

  constructor(action: string, cause: ApiError | TransportError | ResponseShapeError) {
    super(`${action} outcome is unknown (${cause.message}); read the configuration back before repeating it`, {
      cause,
    });
    this.name = "AmbiguousResultError";
    this.action = action;
  }
}
