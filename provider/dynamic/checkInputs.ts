import { z } from "zod";
import { type CheckFailure, toCheckFailures } from "./CheckFailure";
import { inputIssues } from "./inputIssues";
import { jsonClean } from "./jsonClean";
import type { KeyLedger } from "./KeyLedger";
import { containsUnknown, knownPart } from "./unknowns";

export interface CheckSpec<Schema extends z.ZodObject> {
  readonly kind: string;
  readonly schema: Schema;
  /** The resource ID (its key) of checked inputs. */
  readonly idOf: (inputs: z.output<Schema>) => string;
}

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures?: CheckFailure[];
}

/**
 * Validates and normalises new inputs without touching the network (previews in CI have no credentials). The
 * host re-adds `__provider`; unknown keys are failures, so a misspelt input is reported, not ignored. A valid,
 * fully known key is recorded as declared by the program (see KeyLedger).
 *
 * In a preview, the values not known yet are left out of validation and passed on as they came: the known fields
 * are validated and normalised, and diff treats the unknown ones as possible changes.
 */
export function checkInputs<Schema extends z.ZodObject>(
  spec: CheckSpec<Schema>,
  news: Record<string, unknown>,
  ledger: KeyLedger,
): CheckOutcome {
  const { __provider: _provider, ...candidate } = news;
  const { known, unknownPaths } = knownPart(candidate);
  const parsed = spec.schema.safeParse(known);
  if (unknownPaths.length === 0) {
    if (!parsed.success) return { inputs: news, failures: toCheckFailures(inputIssues(parsed.error)) };
    const inputs = jsonClean(parsed.data);
    ledger.declare(spec.kind, spec.idOf(inputs));
    return { inputs };
  }
  const failures = parsed.success ? [] : toCheckFailures(inputIssues(parsed.error, unknownPaths));
  if (failures.length > 0) return { inputs: news, failures };
  return { inputs: jsonClean(withUnknownsPassedOn(spec.schema, candidate)) };
}

/** Each field normalised by its own rule, or as it came when it holds an unknown. */
function withUnknownsPassedOn(schema: z.ZodObject, candidate: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(schema.shape)) {
    const value = candidate[field];
    const parsed = z.safeParse(rule, value);
    inputs[field] = containsUnknown(value) || !parsed.success ? value : parsed.data;
  }
  return inputs;
}
