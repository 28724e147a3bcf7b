import { ResourceIdError } from "../errors/ResourceIdError";

/**
 * The key of a `get`: the one its ID names. The state given to `get` may repeat key fields, but cannot move the
 * lookup elsewhere: a field that disagrees with the ID fails, rather than one of the two being silently ignored.
 */
export function lookupKey<Key extends object>(
  kind: string,
  id: string,
  key: Key,
  keyFields: readonly string[],
  state: Record<string, unknown>,
): Key {
  for (const field of keyFields) {
    const stated = state[field];
    const named = (key as Record<string, unknown>)[field];
    // An empty scope field counts as not set, as in the inputs.
    if (stated !== undefined && stated !== (named ?? "")) {
      throw new ResourceIdError(
        kind,
        id,
        `names ${field} ${JSON.stringify(named ?? "(none)")}, but the state given to get says ${JSON.stringify(stated)}`,
      );
    }
  }
  return key;
}
