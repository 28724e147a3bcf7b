import type { z } from "zod";
import { type CheckFailure, toCheckFailures } from "./CheckFailure";
import { inputIssues, jsonClean } from "./inputRules";

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures?: CheckFailure[];
}

/**
 * Validates and normalises new inputs without touching the network (previews in CI have no credentials). The
 * host re-adds `__provider`; unknown keys are failures, so a misspelt input is reported, not ignored.
 */
export function checkInputs(schema: z.ZodType, news: Record<string, unknown>): CheckOutcome {
  const { __provider: _provider, ...candidate } = news;
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    return { inputs: news, failures: toCheckFailures(inputIssues(parsed.error)) };
  }
  return { inputs: jsonClean(parsed.data as Record<string, unknown>) };
}
