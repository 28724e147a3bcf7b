/** One problem with one field: `path` is dotted with [index] for arrays, e.g. `GroupDetails[0].Group`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`)).join("; ");
}
