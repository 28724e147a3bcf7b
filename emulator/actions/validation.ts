import type { z } from "zod";
import { ApiFailure, live } from "../http/ApiFailure";

/** The emulator's field rules, written from the actions' documentation rather than shared with any client. */
export const NAME = /^[A-Za-z0-9_.-]+$/;
export const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
export const HOST_PORT =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::([0-9]{1,5}))?$/;
export const SEVEN_DAYS = 7 * 24 * 3600;
export const MESSAGE_TYPES = ["push", "push_end", "snapshot", "record", "audit_snapshot"] as const;

/**
 * Parses an action body: a JSON value of the wrong type is `InvalidParam.BindError` (the gateway cannot bind it),
 * a missing or out-of-rule value is `InvalidParam`, each naming the field.
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw live.bindError("the body must be a JSON object");
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  if (issue === undefined) {
    throw live.invalidParam("invalid request");
  }
  const field = issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && valueAt(body, issue.path) !== undefined) {
    throw live.bindError(`${field}: ${issue.message}`);
  }
  if (issue.code === "custom" && issue.params?.failure instanceof ApiFailure) {
    throw issue.params.failure;
  }
  throw live.invalidParam(field === "" ? issue.message : `${field}: ${issue.message}`);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
