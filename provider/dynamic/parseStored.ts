import { z } from "zod";

/**
 * Checked inputs or stored outputs as the typed inputs: only the schema's own keys are read, so outputs such as
 * `taskId` and the host's `__provider` pass through without tripping the strict input schema.
 */
export function parseStored(schema: z.ZodType, values: Record<string, unknown>): unknown {
  const shape = shapeOf(schema);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    if (values[key] !== undefined) picked[key] = values[key];
  }
  return schema.parse(picked);
}

function shapeOf(schema: z.ZodType): Record<string, unknown> {
  let current: unknown = schema;
  // Unwrap refinements and pipes down to the object schema.
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof z.ZodObject) return current.shape;
    const def = (current as { _zod?: { def?: { in?: unknown; schema?: unknown } } })._zod?.def;
    current = def?.in ?? def?.schema;
  }
  throw new Error("parseStored needs an object schema");
}
