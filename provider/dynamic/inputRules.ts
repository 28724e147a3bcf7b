import { z } from "zod";

/** A string trimmed before its rule applies, so `" live "` and `"live"` compare equal. */
export function trimmed<T extends z.ZodType<string, string>>(rule: T) {
  return z.string({ error: requiredString }).trim().pipe(rule);
}

/** "is required" for a missing value, "must be a string" for one of another type. */
function requiredString(issue: { input?: unknown }): string {
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

/** The `params` key of an issue for a key the object does not know: the names it does know. */
export const KNOWN_NAMES = "knownNames";
/** The `params` key of an issue of a rule across fields: the fields the rule reads. */
export const READS = "reads";

/**
 * An object of inputs that reports every key it does not know, each at its own path and with the known names, so
 * the failure can say which one was meant (`startTme` → `startTime`). A strict object reports them all in one issue
 * that no longer knows its schema's keys. Typed as the strict object it behaves as: no other key gets through.
 */
export function inputObject<T extends z.core.$ZodLooseShape>(
  shape: T,
  params?: { error?: ReturnType<typeof mustBe> },
): z.ZodObject<T, z.core.$strict> {
  const known = Object.keys(shape);
  const notAnInput = z.unknown().superRefine((_value, context) => {
    context.addIssue({ code: "custom", message: "is not a known property", params: { [KNOWN_NAMES]: known } });
  });
  return z.object(shape, params).catchall(notAnInput) as unknown as z.ZodObject<T, z.core.$strict>;
}

/**
 * Reports a rule across fields at `path`. It names the fields it `reads`: while one of them is unknown (preview)
 * the rule saw it as absent, so the issue is not reported.
 */
export function addCrossFieldIssue(
  context: z.RefinementCtx,
  issue: { readonly path: string; readonly message: string; readonly reads: readonly string[] },
): void {
  context.addIssue({ code: "custom", path: [issue.path], message: issue.message, params: { [READS]: issue.reads } });
}
