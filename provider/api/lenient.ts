import { z } from "zod";

/**
 * Response fields the SDK models mark optional may be absent or null; they read as a default so callers never
 * branch on "missing" versus "empty".
 */
export function orDefault<T extends z.ZodType, F extends z.output<T> | undefined>(schema: T, fallback: F) {
  // Typed as the schema's output (plus undefined when that is the fallback), not as the fallback's literal type.
  type Read = z.output<T> | Extract<F, undefined>;
  return schema.nullish().transform((value): Read => (value ?? fallback) as Read);
}

/** A list that reads as empty when absent or null. */
export function listOrEmpty<T extends z.ZodType>(item: T) {
  return orDefault(z.array(item), [] as z.output<T>[]);
}
