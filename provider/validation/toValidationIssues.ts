import type { z } from "zod";
import type { ValidationIssue } from "../errors/ValidationIssue";

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

/** zod issues carry a path and a message: exactly the shape of a check failure. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
