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
  return z.string({ error: "must be a string" }).trim().pipe(rule);
}

/**
 * zod issues as validation issues. A union of the unknown sentinel and a rule fails as `invalid_union`; the issues
 * of the rule (the last option) are the ones that explain it.
 */
export function inputIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...path, key]), message: "is not an input of this resource (misspelt?)" });
      }
      return;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      for (const nested of issue.errors[issue.errors.length - 1] ?? []) visit(nested, path);
      return;
    }
    issues.push({ path: formatPath(path), message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return issues;
}

/** Drops keys whose value is undefined: the engine's Struct marshalling rejects `undefined` anywhere. */
export function jsonClean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
