import { formatIssues, type ValidationIssue } from "./ValidationIssue";
import { VolcLiveError } from "./VolcLiveError";

/** The response was not JSON, or not the documented shape. Never retried: the same request gets the same answer. */
export class ResponseShapeError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_RESPONSE_SHAPE";
  readonly action: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(action: string, status: number, requestId: string | undefined, issues: readonly ValidationIssue[]) {
    super(`${action} returned an unexpected response (HTTP ${status}): ${formatIssues(issues)}`);
    this.name = "ResponseShapeError";
    this.action = action;
    this.status = status;
    this.requestId = requestId;
    this.issues = issues;
  }
}
