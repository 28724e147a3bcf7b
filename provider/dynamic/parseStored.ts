import type { z } from "zod";

/**
 * Checked inputs or stored outputs as the typed inputs: only the schema's own fields are read, so outputs such as
 * `taskId` and the host's `__provider` pass through without tripping the strict input schema.
 */
export function parseStored<Schema extends z.ZodObject>(
  schema: Schema,
  values: Record<string, unknown>,
): z.output<Schema> {
  const picked: Record<string, unknown> = {};
  for (const field of Object.keys(schema.shape)) {
    if (values[field] !== undefined) picked[field] = values[field];
  }
  return schema.parse(picked);
}
