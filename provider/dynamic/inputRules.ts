import { z } from "zod";
import type { ValidationIssue } from "../errors/ValidationIssue";
import { closestName } from "../validation/closestName";
import { formatPath, withoutKnockOns } from "../validation/toValidationIssues";
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
 * The message for a value of the wrong type, naming what the rule takes and the type given (never the value: it
 * may be a key): `must be a list of source URLs (got a string)`. A missing value "is required".
 */
export function mustBe(what: string) {
  return (issue: { code?: string; input?: unknown }): string | undefined => {
    if (issue.code !== "invalid_type") return undefined;
    return issue.input === undefined ? "is required" : `must be ${what} (got ${typeOf(issue.input)})`;
  };
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const NOT_AN_INPUT = "not-an-input";

/**
 * An object of inputs that reports every key it does not know, each at its own path and with the known names, so
 * the failure can say which one was meant (`startTme` → `startTime`). A strict object reports them all in one issue
 * that no longer knows its schema's keys.
 */
export function inputObject<T extends z.core.$ZodLooseShape>(shape: T, params?: { error?: ReturnType<typeof mustBe> }) {
  const known = Object.keys(shape);
  const notAnInput = z.unknown().superRefine((_value, context) => {
    context.addIssue({ code: "custom", message: "is not a known property", params: { [NOT_AN_INPUT]: known } });
  });
  return z.object(shape, params).catchall(notAnInput);
}

/**
 * zod issues as validation issues, one per cause (a value of the wrong type gets no further issue). A union of the
 * unknown sentinel and a rule fails as `invalid_union`; the issues of the rule (the last option) are the ones that
 * explain it.
 */
export function inputIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_key") {
      for (const nested of issue.issues) issues.push({ path: formatPath(path), message: `key ${nested.message}` });
      return;
    }
    if (issue.code === "custom" && Array.isArray(issue.params?.[NOT_AN_INPUT])) {
      issues.push({ path: formatPath(path), message: notAnInputMessage(path, issue.params[NOT_AN_INPUT]) });
      return;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // The branch that explains the failure is the one whose type matched: skip branches that failed only on
      // the type of the value itself (the unknown sentinel's literal, or a string branch given a number).
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

/** Drops keys whose value is undefined: the engine's Struct marshalling rejects `undefined` anywhere. */
export function jsonClean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
