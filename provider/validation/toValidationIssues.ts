import type { ValidationIssue } from "../errors/ValidationIssue";
import type { SchemaIssue } from "./SchemaIssue";

/** Turns a zod path into `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      result += `[${segment}]`;
    } else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      result += result === "" ? segment : `.${segment}`;
    } else {
      // Keys that are not identifiers (an empty map key, say) are spelled as they would be indexed.
      result += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return result;
}

/** zod issues carry a path and a message: exactly the shape of a check failure. One issue per wrong type. */
export function toValidationIssues(error: { readonly issues: readonly SchemaIssue[] }): ValidationIssue[] {
  return withoutKnockOns(error.issues).map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/**
 * Drops the issues that follow from a value of the wrong type: zod still runs an array's length rules on a string
 * it refused as "expected array" (`"rtmp://…"` also "allows at most 10"). A value of the wrong type keeps only that
 * one issue; nothing at or below its path says anything more.
 */
export function withoutKnockOns<T extends SchemaIssue>(issues: readonly T[]): T[] {
  const wrongTypes = issues.filter((issue) => issue.code === "invalid_type");
  const explains = (cause: T, issue: T) =>
    cause !== issue &&
    isWithin(issue.path, cause.path) &&
    // Of two wrong-type issues for one value, the first stays.
    (issue.code !== "invalid_type" || wrongTypes.indexOf(cause) < wrongTypes.indexOf(issue));
  return issues.filter((issue) => !wrongTypes.some((cause) => explains(cause, issue)));
}

/** Whether `path` is `prefix` or lies below it. */
export function isWithin(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
