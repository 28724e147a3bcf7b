import type * as pulumi from "@pulumi/pulumi";

/** What the engine (3.259) makes of a provider's diff before deciding between same, update and replace. */
export interface EngineDiff {
  readonly changes: boolean;
  /** Fields the engine shows as changed: computed by the engine only when the provider left `changes` unset. */
  readonly changedKeys: string[];
  /** The provider's replace keys plus changed fields that `replaceOnChanges` names. */
  readonly replaceKeys: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * step_generator.go `diffResource` and `applyReplaceOnChanges`: the host sends `changes: undefined` as
 * DIFF_UNKNOWN, and then the engine diffs old against new inputs itself (a null and a missing value are equal),
 * which gives the changed keys; only then can `replaceOnChanges` turn a changed field into a replace key. With
 * `changes: true` the provider sends no changed keys, so `replaceOnChanges` has nothing to act on.
 */
export function engineDiff(
  diff: pulumi.dynamic.DiffResult,
  oldInputs: Record<string, unknown>,
  newInputs: Record<string, unknown>,
  replaceOnChanges: readonly string[] = [],
): EngineDiff {
  let changes = diff.changes === true;
  let changedKeys: string[] = [];
  if (diff.changes === undefined) {
    changedKeys = inputDiffKeys(oldInputs, newInputs);
    changes = changedKeys.length > 0;
  }
  const replaceKeys = [...(diff.replaces ?? [])];
  if (changes) {
    for (const key of changedKeys) {
      if (replaceOnChanges.some((path) => covers(path, key)) && !replaceKeys.includes(key)) replaceKeys.push(key);
    }
  }
  return { changes, changedKeys, replaceKeys, deleteBeforeReplace: diff.deleteBeforeReplace === true };
}

/** Top-level keys added, removed or changed between two input maps, in the engine's terms. */
export function inputDiffKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((key) => canonical(olds[key] ?? null) !== canonical(news[key] ?? null)).sort();
}

/**
 * `PropertyPath.Contains`: a path covers a changed top-level key when it is that key or `*`. A deeper path such
 * as `servers[0]` does not, since the engine only knows that `servers` changed as a whole.
 */
function covers(path: string, key: string): boolean {
  return path === "*" || path === key;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
