import type { z } from "zod";
import { RequestValidationError } from "../errors/RequestValidationError";
import { toValidationIssues } from "../validation/toValidationIssues";

/** Parses a request body before it is sent; a broken rule raises RequestValidationError naming each field. */
export function validateRequest<T>(action: string, schema: z.ZodType<T>, request: unknown): T {
  const parsed = schema.safeParse(request);
  if (!parsed.success) {
    throw new RequestValidationError(action, toValidationIssues(parsed.error));
  }
  return parsed.data;
}
