import type { z } from "zod";
import { type CheckFailure, toCheckFailures } from "./CheckFailure";
import { inputIssues, jsonClean } from "./inputRules";
import type { KeyLedger } from "./KeyLedger";
import { containsUnknown } from "./unknowns";

export interface CheckSpec {
  readonly kind: string;
  readonly schema: z.ZodType;
  /** The resource ID (its key) of checked inputs. */
  readonly idOf: (inputs: never) => string;
}

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures?: CheckFailure[];
}

/**
 * Validates and normalises new inputs without touching the network (previews in CI have no credentials). The
 * host re-adds `__provider`; unknown keys are failures, so a misspelt input is reported, not ignored. A valid,
 * fully known key is recorded as declared by the program (see KeyLedger).
 */
export function checkInputs(spec: CheckSpec, news: Record<string, unknown>, ledger: KeyLedger): CheckOutcome {
  const { __provider: _provider, ...candidate } = news;
  const parsed = spec.schema.safeParse(candidate);
  if (!parsed.success) {
    return { inputs: news, failures: toCheckFailures(inputIssues(parsed.error)) };
  }
  const inputs = jsonClean(parsed.data as Record<string, unknown>);
  if (!containsUnknown(inputs)) ledger.declare(spec.kind, spec.idOf(inputs as never));
  return { inputs };
}
