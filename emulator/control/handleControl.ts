import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { FaultInjector } from "../faults/FaultInjector";
import type { RequestLog } from "../http/RequestLog";
import type { ServerRateLimiter } from "../http/ServerRateLimiter";
import type { LiveWorld } from "../world/LiveWorld";
import { worldStateSchema } from "../world/worldStateSchema";

const CONTROL_PREFIX = "/_emulator/";

export interface ControlTargets {
  readonly world: LiveWorld;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  readonly limiter: ServerRateLimiter;
}

export function isControlPath(target: string): boolean {
  return target.startsWith(CONTROL_PREFIX);
}

/**
 * `/_emulator/…`, unsigned and loopback-only: reset, state (GET dump, PUT replace), requests (GET log and
 * counters, DELETE clear), faults (GET, PUT replace, DELETE clear).
 */
export function handleControl(
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  targets: ControlTargets,
) {
  const send = (status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  };
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    send(403, { error: "the control API answers loopback clients only" });
    return;
  }
  const path = new URL(request.url ?? "/", "http://emulator.invalid").pathname.slice(CONTROL_PREFIX.length);
  const method = request.method ?? "GET";
  let json: unknown;
  try {
    json = body.length === 0 ? undefined : JSON.parse(body.toString("utf8"));
  } catch {
    send(400, { error: "the body is not JSON" });
    return;
  }
  try {
    switch (`${method} ${path}`) {
      case "POST reset":
        targets.world.reset();
        targets.log.clear();
        targets.faults.clear();
        targets.limiter.reset();
        send(200, { ok: true });
        return;
      case "GET state":
        send(200, targets.world.snapshot());
        return;
      case "PUT state":
        targets.world.replace(worldStateSchema.parse(json));
        send(200, { ok: true });
        return;
      case "GET requests":
        send(200, targets.log.snapshot());
        return;
      case "DELETE requests":
        targets.log.clear();
        send(200, { ok: true });
        return;
      case "GET faults":
        send(200, { rules: targets.faults.list(), injected: targets.faults.injected });
        return;
      case "PUT faults":
        send(200, { rules: targets.faults.set(z.object({ rules: z.array(z.unknown()) }).parse(json).rules as never) });
        return;
      case "DELETE faults":
        targets.faults.clear();
        send(200, { ok: true });
        return;
      default:
        send(404, { error: `no control endpoint ${method} ${CONTROL_PREFIX}${path}` });
    }
  } catch (error) {
    send(400, { error: error instanceof z.ZodError ? z.prettifyError(error) : String(error) });
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
