import { formatIssues, type ValidationIssue } from "./ValidationIssue";
import { VolcLiveError } from "./VolcLiveError";

/** A request broke a documented rule and was not sent. Each issue names the field and the rule. */
export class RequestValidationError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_INVALID_REQUEST";
  readonly action: string;
  readonly issues: readonly ValidationIssue[];

  constructor(action: string, issues: readonly ValidationIssue[]) {
    super(`${action} request is invalid: ${formatIssues(issues)}`);
    this.name = "RequestValidationError";
    this.action = action;
    this.issues = issues;
  }
}
