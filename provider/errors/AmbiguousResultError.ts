import type { ApiError } from "./ApiError";
import type { ResponseShapeError } from "./ResponseShapeError";
import type { TransportError } from "./TransportError";
import { VolcLiveError } from "./VolcLiveError";

/**
 * A mutation may or may not have been applied (timeout, dropped connection, server error, or an unreadable success
 * response after the request was sent). It is not retried blindly: read the resource back to learn the outcome.
 * The message serves both readers: a Pulumi user reconciles by running `pulumi up` again (the resources look
 * before they create), a caller of the client by reading the configuration back.
 */
export class AmbiguousResultError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_AMBIGUOUS_RESULT";
  readonly action: string;

  constructor(action: string, cause: ApiError | TransportError | ResponseShapeError) {
    super(
      `${action} outcome is unknown (${cause.message}); to reconcile, run \`pulumi up\` again (or, calling the ` +
        "API yourself, read the configuration back before repeating the call)",
      { cause },
    );
    this.name = "AmbiguousResultError";
    this.action = action;
  }
}
