import type { z } from "zod";
import { jsonClean } from "./inputRules";
import { containsUnknown } from "./unknowns";

export interface DiffSpec {
  readonly schema: z.ZodType;
  /** Identity: a change replaces the resource. */
  readonly replaceKeys: readonly string[];
  /** Updatable in place. */
  readonly updateKeys: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

export interface DiffOutcome {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Compares old outputs and new inputs after the same normalisation `check` applies, so equal-after-normalising
 * values never show as a change (no perpetual diff after a refresh). Lists compare in order (failover order
 * matters), maps by key. A key field still unknown at preview time is shown as a replacement.
 */
export function diffInputs(spec: DiffSpec, olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const keys = [...spec.replaceKeys, ...spec.updateKeys];
  const before = normalise(spec.schema, olds, keys);
  const after = normalise(spec.schema, news, keys);
  const differs = (key: string) => containsUnknown(after[key]) || canonical(before[key]) !== canonical(after[key]);
  const replaces = spec.replaceKeys.filter(differs);
  const changes = replaces.length > 0 || spec.updateKeys.some(differs);
  return { changes, replaces, deleteBeforeReplace: spec.deleteBeforeReplace && replaces.length > 0 };
}

function normalise(
  schema: z.ZodType,
  values: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of [...keys, "adopt"]) {
    if (values[key] !== undefined) picked[key] = values[key];
  }
  const parsed = schema.safeParse(picked);
  // State written by an older version may not pass today's rules; it is then compared as stored.
  return parsed.success ? jsonClean(parsed.data as Record<string, unknown>) : picked;
}

/** JSON with object keys sorted: map equality ignores key order, array equality keeps element order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
