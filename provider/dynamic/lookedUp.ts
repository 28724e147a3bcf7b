import type { ReadResult } from "@pulumi/pulumi/dynamic";
import { ConfigurationNotFoundError } from "../errors/ConfigurationNotFoundError";
import { LOOKUP_FIELD, type LookupMark } from "./lookupMark";

/**
 * The result of a read that `lookupMark` marks: the outputs, marked as recorded by a get; or, when nothing is there,
 * a failure naming the kind and the ID for a get, and an empty ID (gone) for a refresh of what a get recorded.
 */
export function lookedUp(
  kind: string,
  id: string,
  mark: LookupMark,
  outputs: Record<string, unknown> | undefined,
): ReadResult {
  if (outputs !== undefined) return { id, props: { ...outputs, [LOOKUP_FIELD]: "recorded" } };
  if (mark === "get") throw new ConfigurationNotFoundError(kind, id);
  return { id: "" };
}
