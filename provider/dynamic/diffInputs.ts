import type { z } from "zod";
import type { CheckSpec } from "./checkInputs";
import { jsonClean } from "./jsonClean";
import type { KeyLedger } from "./KeyLedger";
import { containsUnknown } from "./unknowns";

export interface DiffSpec<Schema extends z.ZodObject> extends CheckSpec<Schema> {
  /** Identity: a change replaces the resource. */
  readonly replaceKeys: readonly (keyof z.output<Schema> & string)[];
  /** Updatable in place. */
  readonly updateKeys: readonly (keyof z.output<Schema> & string)[];
}

export interface DiffOutcome {
  /** false: nothing to do. Absent: the engine lists the changed fields itself, from old and new inputs. */
  readonly changes?: false;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Compares old outputs and new inputs after the same normalisation `check` applies, so equal-after-normalising
 * values never show as a change (no perpetual diff after a refresh). Lists compare in order (failover order
 * matters), maps by key. A key field still unknown at preview time is shown as a replacement.
 *
 * When something changed, `changes` is left unset: the dynamic-provider host cannot send a list of changed
 * fields, and with "unknown" the engine computes one from old and new inputs, which is what shows `[diff: ~field]`
 * and what `replaceOnChanges` needs. `replaces` and `deleteBeforeReplace` still decide replacement. Reads return
 * inputs, so drift a refresh found is in the old inputs the engine compares.
 *
 * Delete-before-replace is never asked for: a new key is created before the old one is deleted, so a taken key
 * stops the replacement before anything is lost; at an unchanged key the replacement takes the configuration over
 * and the old resource's delete leaves it (see KeyLedger).
 */
export function diffInputs<Schema extends z.ZodObject>(
  spec: DiffSpec<Schema>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  ledger: KeyLedger,
): DiffOutcome {
  const keys = [...spec.replaceKeys, ...spec.updateKeys];
  const before = normalise(spec.schema, olds, keys);
  const after = normalise(spec.schema, news, keys);
  const differs = (key: string) => containsUnknown(after[key]) || canonical(before[key]) !== canonical(after[key]);
  const replaces = spec.replaceKeys.filter(differs);
  const id = spec.idOf(before as z.output<Schema>);
  if (replaces.length === 0) {
    // Also when nothing changed: the engine still replaces a resource a failed run left pending replacement.
    ledger.noteHeld(spec.kind, id, olds);
  } else if (!containsUnknown(after)) {
    const parsed = spec.schema.safeParse(after);
    if (parsed.success) ledger.noteReplacement(spec.kind, id, spec.idOf(parsed.data), parsed.data);
  }
  if (replaces.length === 0 && !spec.updateKeys.some(differs)) {
    return { changes: false, replaces: [], deleteBeforeReplace: false };
  }
  return { replaces, deleteBeforeReplace: false };
}

function normalise(
  schema: z.ZodObject,
  values: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of [...keys, "adopt"]) {
    if (values[key] !== undefined) picked[key] = values[key];
  }
  const parsed = schema.safeParse(picked);
  // State written by an older version may not pass today's rules; it is then compared as stored.
  return parsed.success ? jsonClean(parsed.data) : picked;
}

/** JSON with object keys sorted: map equality ignores key order, array equality keeps element order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
