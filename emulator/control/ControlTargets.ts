import type { FaultInjector } from "../faults/FaultInjector";
import type { RequestLog } from "../http/RequestLog";
import type { ServerRateLimiter } from "../http/ServerRateLimiter";
import type { LiveWorld } from "../world/LiveWorld";

/** The parts of a running emulator that tests inspect and reset. */
export interface ControlTargets {
  readonly world: LiveWorld;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly limiter: ServerRateLimiter;
}

/** Empties the world, the request log, the fault rules and the rate limiter's buckets. */
export function resetTargets(targets: ControlTargets): void {
  targets.world.reset();
  targets.log.clear();
  targets.faults.clear();
  targets.limiter.reset();
}
