import type { z } from "zod";
import type { ValidationIssue } from "../errors/ValidationIssue";
import { closestName } from "../validation/closestName";
import { formatPath, isWithin, withoutKnockOns } from "../validation/toValidationIssues";
import { KNOWN_NAMES, READS } from "./inputRules";

/**
 * zod issues of inputs validated without their preview unknowns (see knownPart) as validation issues, one per
 * cause (a value of the wrong type gets no further issue). What only says that an unknown is missing is not an
 * issue: one at or below an unknown's path, or of a rule across fields that reads a field holding an unknown. A
 * key the object does not know stays an issue whatever its value.
 */
export function inputIssues(
  error: z.ZodError,
  unknownPaths: readonly (readonly PropertyKey[])[] = [],
): ValidationIssue[] {
  const unknownFields = new Set(unknownPaths.map((path) => path[0]));
  const issues: ValidationIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "custom" && Array.isArray(issue.params?.[KNOWN_NAMES])) {
      issues.push({ path: formatPath(path), message: notAnInputMessage(path, issue.params[KNOWN_NAMES]) });
      return;
    }
    if (unknownPaths.some((unknownPath) => isWithin(path, unknownPath))) return;
    const reads: unknown = issue.code === "custom" ? issue.params?.[READS] : undefined;
    if (Array.isArray(reads) && reads.some((field) => unknownFields.has(field))) return;
    if (issue.code === "invalid_key") {
      for (const nested of issue.issues) issues.push({ path: formatPath(path), message: `key ${nested.message}` });
      return;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // The branch that explains the failure is the one whose type matched: skip branches that failed only on
      // the type of the value itself (the string branch of a time given a number, the "" of an optional name).
      const branches = issue.errors.map((branch) => withoutKnockOns(branch));
      const typed = branches.filter(
        (branch) => !(branch.length === 1 && branch[0]?.path.length === 0 && isTypeMismatch(branch[0])),
      );
      for (const nested of typed.at(-1) ?? branches.at(-1) ?? []) visit(nested, path);
      return;
    }
    issues.push({ path: formatPath(path), message: issue.message });
  };
  for (const issue of withoutKnockOns(error.issues)) visit(issue, []);
  return issues;
}

/** `is not an input of this resource; did you mean `startTime`?`, or the names it could have been. */
function notAnInputMessage(path: readonly PropertyKey[], known: readonly string[]): string {
  const what = path.length === 1 ? "is not an input of this resource" : "is not a known property";
  const meant = closestName(String(path.at(-1)), known);
  return meant === undefined ? `${what} (known: ${known.join(", ")})` : `${what}; did you mean \`${meant}\`?`;
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
