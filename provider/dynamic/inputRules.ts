import { z } from "zod";
import type { ValidationIssue } from "../errors/ValidationIssue";
import { formatPath } from "../validation/toValidationIssues";
import { UNKNOWN } from "./unknowns";

/** Accepts the preview unknown in place of a value, so `check` validates what is known and passes the rest on. */
export function known<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(UNKNOWN), schema]);
}

/** A string trimmed before its rule applies, so `" live "` and `"live"` compare equal. */
export function trimmed<T extends z.ZodType<string, string>>(rule: T) {
  return z.string({ error: requiredString }).trim().pipe(rule);
}

/** "is required" for a missing value, "must be a string" for one of another type. */
export function requiredString(issue: { input?: unknown }): string {
  return issue.input === undefined ? "is required" : "must be a string";
}

/**
 * zod issues as validation issues. A union of the unknown sentinel and a rule fails as `invalid_union`; the issues
 * of the rule (the last option) are the ones that explain it.
 */
export function inputIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_key") {
      for (const nested of issue.issues) issues.push({ path: formatPath(path), message: `key ${nested.message}` });
      return;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...path, key]), message: "is not an input of this resource (misspelt?)" });
      }
      return;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // The branch that explains the failure is the one whose type matched: skip branches that failed only on
      // the type of the value itself (the unknown sentinel's literal, or a string branch given a number).
      const typed = issue.errors.filter(
        (branch) => !(branch.length === 1 && branch[0]?.path.length === 0 && isTypeMismatch(branch[0])),
      );
      for (const nested of typed.at(-1) ?? issue.errors.at(-1) ?? []) visit(nested, path);
      return;
    }
    issues.push({ path: formatPath(path), message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return issues;
}

const BASE_TYPES: ReadonlySet<string> = new Set([
  "string",
  "number",
  "boolean",
  "object",
  "array",
  "null",
  "undefined",
]);

/** The value is of another JSON type than the branch takes (an integer rule on a fraction is not a mismatch). */
function isTypeMismatch(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === "invalid_type" && BASE_TYPES.has(issue.expected)) ||
    (issue.code === "invalid_value" && issue.values.length === 1)
  );
}

/** Drops keys whose value is undefined: the engine's Struct marshalling rejects `undefined` anywhere. */
export function jsonClean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
