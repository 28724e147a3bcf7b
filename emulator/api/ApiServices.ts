import type { IAuthenticator } from "../auth/IAuthenticator";
import type { FaultInjector } from "../faults/FaultInjector";
import type { RequestLog } from "../http/RequestLog";
import type { ServerRateLimiter } from "../http/ServerRateLimiter";
import type { LiveWorld } from "../world/LiveWorld";

/** What the API request pipeline works with, shared by every request of one emulator. */
export interface ApiServices {
  readonly authenticator: IAuthenticator;
  readonly limiter: ServerRateLimiter;
  readonly faults: FaultInjector;
  readonly world: LiveWorld;
  readonly log: RequestLog;
  /** The gateway's clock. */
  readonly now: () => number;
  /** Added to the TaskId counter of the actions. */
  readonly taskIdBase: number;
  /** Added to every response, before any injected latency. */
  readonly latencyMs: number;
  /** One line per request, if wanted. */
  readonly logLine?: (line: string) => void;
}
