/** Drops keys whose value is undefined: the engine's Struct marshalling rejects `undefined` anywhere. */
export function jsonClean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
