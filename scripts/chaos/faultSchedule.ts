import type { FaultRule } from "../../emulator/faults/FaultRule";
import type { ChaosRandom } from "./ChaosRandom";

const ALL_ACTIONS = [
  "UpdateRelaySourceV3",
  "DeleteRelaySourceV3",
  "DescribeRelaySourceV3",
  "CreateRelaySourceV4",
  "UpdateRelaySourceV4",
  "DeleteRelaySourceV4",
  "ListRelaySourceV4",
  "UpdateCallback",
  "DeleteCallback",
  "DescribeCallback",
] as const;
const WRITE_ACTIONS = ALL_ACTIONS.filter((action) => !action.startsWith("Describe") && !action.startsWith("List"));
const SERVER_ERRORS = [
  { status: 500, code: "InternalError" },
  { status: 502, code: "InternalServiceError" },
  { status: 503, code: "ServiceUnavailableTemp" },
  { status: 504, code: "InternalServiceTimeout" },
];

/**
 * A cycle's fault rules, active on every action for every command: throttling, 5xx, CommonErr under HTTP 200,
 * dropped connections and latency spikes on all ten actions, apply-then-fail on the seven that change something.
 * Each kind fires on a few percent of requests (the cycle's intensity scales them), which the client's retries
 * mostly absorb; sometimes a burst of five 5xx on one action exhausts a call's attempts, so a command fails and is
 * run again, as a user would. `scale` multiplies every probability (1 for the standard run).
 */
export function faultSchedule(random: ChaosRandom, scale = 1): FaultRule[] {
  const intensity = random.pick([0.6, 1, 1.4]) * scale;
  const probability = (min: number, max: number) =>
    Math.min(1, Number(((min + random.float() * (max - min)) * intensity).toFixed(4)));
  const rules: FaultRule[] = [
    { action: "*", kind: "latency", latencyMs: random.int(10, 60), probability: probability(0.04, 0.1) },
    {
      action: "*",
      kind: "error",
      status: 429,
      code: random.pick(["FlowLimitExceeded", "AccountFlowLimitExceeded"]),
      probability: probability(0.03, 0.08),
    },
    { action: "*", kind: "error", ...random.pick(SERVER_ERRORS), probability: probability(0.03, 0.07) },
    { action: "*", kind: "error", status: 200, code: "CommonErr", probability: probability(0.03, 0.06) },
    { action: "*", kind: "drop", probability: probability(0.02, 0.05) },
    ...WRITE_ACTIONS.map((action): FaultRule => ({
      action,
      kind: "apply-then-fail",
      then: random.pick(["error", "drop"] as const),
      ...random.pick(SERVER_ERRORS),
      probability: probability(0.05, 0.12),
    })),
  ];
  if (random.chance(0.5)) {
    // Five in a row on one action: more than one call's attempts, so some command fails and must be re-run.
    rules.unshift({ action: random.pick(ALL_ACTIONS), kind: "error", ...random.pick(SERVER_ERRORS), times: 5 });
  }
  return rules;
}
