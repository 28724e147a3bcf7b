import type { ResolvedFaultRule } from "../faults/FaultRule";
import { ApiFailure } from "../http/ApiFailure";
import type { AdmittedRequest } from "./admitApiRequest";
import type { ApiExchange } from "./ApiExchange";
import type { ApiServices } from "./ApiServices";

/**
 * Runs an admitted request through the fault rules: waits the added latency, answers a fault instead of running the
 * action, or runs it (noting whether the world changed) and then answers the result or an apply-then-fail fault.
 */
export async function runActionWithFaults(
  exchange: ApiExchange,
  admitted: AdmittedRequest,
  services: Pick<ApiServices, "faults" | "world" | "now" | "taskIdBase" | "latencyMs">,
): Promise<void> {
  const { world } = services;
  const plan = services.faults.plan(exchange.action);
  exchange.fired = plan.fired;
  const delayMs = services.latencyMs + plan.latencyMs;
  if (delayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  if (plan.before !== undefined) {
    answerFault(exchange, plan.before, plan.before.kind === "drop");
    return;
  }
  const commitsBefore = world.commitCount;
  const context = {
    accessKeyId: admitted.accessKeyId,
    world,
    now: new Date(services.now()),
    taskIdBase: services.taskIdBase,
  };
  const result = admitted.handler(context, admitted.body);
  exchange.applied = world.commitCount > commitsBefore;
  if (plan.after !== undefined) {
    answerFault(exchange, plan.after, plan.after.then === "drop");
    return;
  }
  exchange.succeed(result);
}

function answerFault(exchange: ApiExchange, rule: ResolvedFaultRule, drop: boolean): void {
  if (drop) {
    exchange.drop();
  } else {
    exchange.fail(new ApiFailure(rule.status, rule.code, rule.message, rule.codeN));
  }
}
