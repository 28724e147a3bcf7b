/**
 * Set in what a resource class sends for `get` (the engine passes it to the provider's read as the state). A
 * refresh sends the recorded outputs instead, which never carry it: so a read can tell a lookup, which must fail
 * when the configuration is missing, from a refresh, which must then report it gone.
 */
export const LOOKUP_FIELD = "__lookup";

export function isLookup(props: Record<string, unknown>): boolean {
  return props[LOOKUP_FIELD] === true;
}
