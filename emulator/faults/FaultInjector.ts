import { z } from "zod";
import type { FaultRule, ResolvedFaultRule } from "./FaultRule";
import { faultRuleSchema } from "./faultRuleSchema";
import { seededRandom } from "./seededRandom";

export interface FaultPlan {
  readonly latencyMs: number;
  /** Answer instead of running the action. */
  readonly before?: ResolvedFaultRule;
  /** Run the action, then fail. */
  readonly after?: ResolvedFaultRule;
  /** Kinds that fired, for the request log and counters. */
  readonly fired: readonly ResolvedFaultRule["kind"][];
}

interface ActiveRule {
  readonly rule: ResolvedFaultRule;
  matched: number;
  fired: number;
}

/** Decides, per request, which fault rules fire. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number;
  readonly injected: Record<string, number> = {};

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Replaces the rules (and restarts the seeded sequence, so a schedule replays from its start). */
  set(rules: readonly FaultRule[]): ResolvedFaultRule[] {
    const resolved = z.array(faultRuleSchema).parse(rules);
    this.rules = resolved.map((rule) => ({ rule, matched: 0, fired: 0 }));
    this.random = seededRandom(this.seed);
    return resolved;
  }

  list(): ResolvedFaultRule[] {
    return this.rules.map((active) => active.rule);
  }

  clear(): void {
    this.rules = [];
    for (const kind of Object.keys(this.injected)) delete this.injected[kind];
  }

  plan(action: string): FaultPlan {
    let latencyMs = 0;
    let before: ResolvedFaultRule | undefined;
    let after: ResolvedFaultRule | undefined;
    const fired: ResolvedFaultRule["kind"][] = [];
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.action !== "*" && rule.action !== action) continue;
      active.matched += 1;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      if (rule.everyNth !== undefined && active.matched % rule.everyNth !== 0) continue;
      // Drawn for every candidate, so the sequence does not depend on which earlier rules fired.
      if (this.random() >= rule.probability) continue;
      if (rule.kind === "latency") {
        latencyMs += rule.latencyMs;
      } else if (rule.kind === "apply-then-fail") {
        if (before !== undefined || after !== undefined) continue;
        after = rule;
      } else {
        if (before !== undefined || after !== undefined) continue;
        before = rule;
      }
      active.fired += 1;
      fired.push(rule.kind);
      this.injected[rule.kind] = (this.injected[rule.kind] ?? 0) + 1;
    }
    return { latencyMs, before, after, fired };
  }
}
