import { z } from "zod";
import type { SameShape } from "../../provider/validation/SameShape";
import type { FaultRule, ResolvedFaultRule } from "./FaultRule";

/** Checks a fault rule (see FaultRule) and fills in its defaults. */
export const faultRuleSchema = z.strictObject({
  action: z.string().default("*"),
  kind: z.enum(["error", "latency", "drop", "apply-then-fail"]),
  status: z.number().int().min(200).max(599).default(500),
  code: z.string().min(1).default("InternalError"),
  message: z.string().default("injected fault"),
  codeN: z.number().int().nullable().optional(),
  probability: z.number().min(0).max(1).default(1),
  everyNth: z.number().int().min(1).optional(),
  latencyMs: z.number().min(0).default(0),
  then: z.enum(["error", "drop"]).default("error"),
  times: z.number().int().min(1).optional(),
});

const _ruleMatches: SameShape<FaultRule, z.input<typeof faultRuleSchema>> = true;
const _resolvedMatches: SameShape<ResolvedFaultRule, z.output<typeof faultRuleSchema>> = true;
