/**
 * A field that tells a read what it serves. A resource class sends it for `get` (the engine passes that to the
 * provider's read as the state), and the outputs a get returns keep it, so a later refresh of that resource knows it
 * is read, not managed. A refresh of a managed resource sends its recorded outputs, which never carry it.
 */
export const LOOKUP_FIELD = "__lookup";

/**
 * - `get`: a get, which must fail when the configuration is missing;
 * - `recorded`: a refresh of what a get recorded: a missing configuration is gone, and the recorded inputs (the
 *   lookup) stay, so that no output read from the service, such as a key, lands in them without its secrecy;
 * - undefined: a refresh of a managed resource.
 */
export type LookupMark = "get" | "recorded";

export function lookupMark(props: Record<string, unknown>): LookupMark | undefined {
  const mark = props[LOOKUP_FIELD];
  return mark === "get" || mark === "recorded" ? mark : undefined;
}
