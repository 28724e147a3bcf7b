import type { ValidationIssue } from "../errors/ValidationIssue";

/** Pulumi's check failure: a top-level input property and the rule it breaks. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/**
 * Maps validation issues 1:1 onto check failures. Pulumi reports failures per top-level property, so a nested path
 * (`servers[1].domain`) keeps its top-level name as the property and spells the full path in the reason.
 */
export function toCheckFailures(issues: readonly ValidationIssue[]): CheckFailure[] {
  return issues.map((issue) => {
    const property = /^[^.[]*/.exec(issue.path)?.[0] ?? "";
    const nested = issue.path !== property;
    return { property, reason: nested ? `${issue.path}: ${issue.message}` : issue.message };
  });
}
