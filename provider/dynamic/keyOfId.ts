import type { z } from "zod";
import { ResourceIdError } from "../errors/ResourceIdError";

/**
 * The key a resource ID names, as `get` receives it from the user: `parts` is the ID split by the kind's form
 * (undefined when it is not of that form), each part checked by the rule its input follows, since a part breaking
 * it can name no configuration.
 */
export function keyOfId<Schema extends z.ZodObject>(
  kind: string,
  id: string,
  shape: { form: string; parts: Record<string, string> | undefined; schema: Schema },
): z.output<Schema> {
  if (shape.parts === undefined) throw new ResourceIdError(kind, id, `is not of the form ${shape.form}`);
  const parsed = shape.schema.safeParse(shape.parts);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ResourceIdError(kind, id, `(${shape.form}) is not valid: ${problems.join("; ")}`);
  }
  return parsed.data;
}
