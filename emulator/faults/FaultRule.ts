import { z } from "zod";

/**
 * One fault rule, matched per action. Deterministic under the emulator's seed: `probability` draws from a seeded
 * generator, `everyNth` counts matching requests.
 */
export const faultRuleSchema = z.strictObject({
  /** An action name, or "*" (the default) for all ten. */
  action: z.string().default("*"),
  /**
   * error: answer with `status` and `code` instead of running the action.
   * latency: wait `latencyMs` before handling.
   * drop: close the connection without answering, action not run.
   * apply-then-fail: run the action (the change is committed), then answer `status`/`code` or drop.
   */
  kind: z.enum(["error", "latency", "drop", "apply-then-fail"]),
  status: z.number().int().min(200).max(599).default(500),
  code: z.string().min(1).default("InternalError"),
  message: z.string().default("injected fault"),
  /**
   * `ResponseMetadata.Error.CodeN`. By default the gateway's number for a gateway code and none for Live's codes,
   * as the service sends them; null sends none, a number sends it (to test a client under either shape).
   */
  codeN: z.number().int().nullable().optional(),
  probability: z.number().min(0).max(1).default(1),
  everyNth: z.number().int().min(1).optional(),
  latencyMs: z.number().min(0).default(0),
  /** For apply-then-fail: what the client sees after the change is committed. */
  then: z.enum(["error", "drop"]).default("error"),
  /** Fire at most this many times. */
  times: z.number().int().min(1).optional(),
});
export type FaultRule = z.input<typeof faultRuleSchema>;
export type ResolvedFaultRule = z.output<typeof faultRuleSchema>;
