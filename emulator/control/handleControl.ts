import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { isLoopbackAddress } from "../http/isLoopbackAddress";
import { MAX_BODY_BYTES, type ReceivedBody } from "../http/readRequestBody";
import type { ControlTargets } from "./ControlTargets";
import { CONTROL_ENDPOINTS } from "./controlEndpoints";

const CONTROL_PREFIX = "/_emulator/";

export function isControlPath(target: string): boolean {
  return target.startsWith(CONTROL_PREFIX);
}

/**
 * `/_emulator/…`, unsigned and loopback-only: reset, state (GET dump, PUT replace), requests (GET log and
 * counters, DELETE clear), faults (GET, PUT replace, DELETE clear).
 */
export function handleControl(
  request: IncomingMessage,
  body: ReceivedBody,
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
  if (body.tooLarge) {
    send(413, { error: `the body exceeds ${MAX_BODY_BYTES} bytes` });
    return;
  }
  let json: unknown;
  try {
    json = body.bytes.length === 0 ? undefined : JSON.parse(body.bytes.toString("utf8"));
  } catch {
    send(400, { error: "the body is not JSON" });
    return;
  }
  const key = `${method} ${path}`;
  const endpoint = Object.hasOwn(CONTROL_ENDPOINTS, key) ? CONTROL_ENDPOINTS[key] : undefined;
  try {
    if (endpoint === undefined) {
      send(404, { error: `no control endpoint ${method} ${CONTROL_PREFIX}${path}` });
      return;
    }
    send(200, endpoint(targets, json));
  } catch (error) {
    send(400, { error: error instanceof z.ZodError ? z.prettifyError(error) : String(error) });
  }
}
