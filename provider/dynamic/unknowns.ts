/** The value the engine sends during preview for inputs not yet known (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is, or contains, a preview unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

export interface KnownPart {
  /** The value with every preview unknown replaced by `undefined`: list positions, and so issue paths, stay. */
  readonly known: unknown;
  /** Where the unknowns were. */
  readonly unknownPaths: readonly (readonly PropertyKey[])[];
}

/** Splits a value into what is known, to validate as it is, and where the preview unknowns are. */
export function knownPart(value: unknown, path: readonly PropertyKey[] = []): KnownPart {
  if (value === UNKNOWN) return { known: undefined, unknownPaths: [path] };
  const unknownPaths: (readonly PropertyKey[])[] = [];
  const visit = (item: unknown, key: PropertyKey) => {
    const part = knownPart(item, [...path, key]);
    unknownPaths.push(...part.unknownPaths);
    return part.known;
  };
  if (Array.isArray(value)) return { known: value.map(visit), unknownPaths };
  if (typeof value === "object" && value !== null) {
    const known = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, key)]));
    return { known, unknownPaths };
  }
  return { known: value, unknownPaths };
}
