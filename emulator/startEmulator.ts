import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { callbackActions } from "./actions/callbackActions";
import type { ActionHandler } from "./actions/ActionHandler";
import { relaySourceV3Actions } from "./actions/relaySourceV3Actions";
import { relaySourceV4Actions } from "./actions/relaySourceV4Actions";
import { AccessKeyAuthenticator } from "./auth/AccessKeyAuthenticator";
import type { EmulatorCredentials, IAuthenticator } from "./auth/IAuthenticator";
import { SignatureAuthenticator } from "./auth/SignatureAuthenticator";
import { handleControl, isControlPath, isLoopbackAddress } from "./control/handleControl";
import { DEFAULT_CREDENTIALS, type EmulatorOptions } from "./EmulatorOptions";
import { FaultInjector } from "./faults/FaultInjector";
import type { FaultRule, ResolvedFaultRule } from "./faults/FaultRule";
import { ApiFailure, gateway, live } from "./http/ApiFailure";
import { API_VERSION, errorBody, type ResponseContext, successBody } from "./http/envelope";
import type { RawRequest } from "./http/RawRequest";
import { type ActionCounters, keyFields, RequestLog, type RequestLogEntry } from "./http/RequestLog";
import { ServerRateLimiter } from "./http/ServerRateLimiter";
import { JsonFileStateStore } from "./store/JsonFileStateStore";
import { MemoryStateStore } from "./store/MemoryStateStore";
import { LiveWorld } from "./world/LiveWorld";
import type { WorldState } from "./world/WorldState";

const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  ...relaySourceV3Actions,
  ...relaySourceV4Actions,
  ...callbackActions,
};
const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the endpoint to give a client. */
  readonly url: string;
  /** The first accepted key pair. */
  readonly credentials: EmulatorCredentials;
  /** Every accepted key pair (one account each). */
  readonly accounts: readonly EmulatorCredentials[];
  stop(): Promise<void>;
  /** Empties the world, the request log and the fault rules. */
  reset(): void;
  state(): WorldState;
  setState(state: WorldState): void;
  requests(): { requests: RequestLogEntry[]; counters: Record<string, ActionCounters> };
  clearRequests(): void;
  /** Replaces the fault rules; an empty list clears them. */
  setFaults(rules: readonly FaultRule[]): ResolvedFaultRule[];
  /** How many faults of each kind fired since the last reset. */
  faultsInjected(): Record<string, number>;
}

/** Starts a local, stateful, signature-verifying emulator of the ten Live relay and callback actions. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackAddress(host) && host !== "localhost") {
    throw new Error(`the emulator listens on loopback only (got host ${host})`);
  }
  const accounts = options.credentials?.length ? [...options.credentials] : [DEFAULT_CREDENTIALS];
  const now = options.now ?? Date.now;
  const authenticator: IAuthenticator =
    options.auth === "access-key" ? new AccessKeyAuthenticator(accounts) : new SignatureAuthenticator(accounts, now);
  const world = new LiveWorld(
    {
      v3Update: options.v3Update ?? "merge",
      deleteMissing: options.deleteMissing ?? "ok",
      readAfterWriteDelayMs: options.readAfterWriteDelayMs ?? 0,
      callbackAuthKey: options.callbackAuthKey ?? "plain",
    },
    options.stateFile === undefined ? new MemoryStateStore() : new JsonFileStateStore(options.stateFile),
  );
  const seed = options.seed ?? 0;
  const faults = new FaultInjector(seed);
  const limiter = new ServerRateLimiter(options.rateLimit ?? 10, now);
  const log = new RequestLog();
  const taskIdBase = 1_612_000_000_000 + (Math.abs(seed) % 1000) * 1_000_000;
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      if (isControlPath(request.url ?? "")) {
        handleControl(request, body, response, { world, log, faults, limiter });
        return;
      }
      void handleApi(request, body, response).catch((error: unknown) => {
        options.log?.(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) {
          response.writeHead(500);
          response.end();
        }
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handleApi(request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const raw: RawRequest = {
      method: request.method ?? "",
      target: request.url ?? "/",
      headers: request.headers,
      body,
      receivedAt: new Date(now()),
    };
    const query = new URL(raw.target, "http://emulator.invalid").searchParams;
    const action = query.get("Action") ?? "";
    const context: ResponseContext = { requestId: requestId(now()), action };
    let accessKeyId: string | undefined;
    let parsedBody: unknown;
    let fired: readonly string[] = [];
    let applied = false;

    const finish = (status: number, code: string | undefined, payload: string | undefined) => {
      log.record({
        at: new Date(now()).toISOString(),
        action,
        accessKeyId,
        keys: keyFields(parsedBody),
        status,
        code,
        durationMs: performance.now() - started,
        faults: fired,
        applied,
      });
      options.log?.(
        `${action || "-"} ${status}${code ? ` ${code}` : ""}${fired.length ? ` faults=${fired.join(",")}` : ""}`,
      );
      if (payload === undefined) {
        // A dropped connection: the client sees the socket close with no answer.
        request.socket.destroy();
        return;
      }
      response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      response.end(payload);
    };
    const fail = (failure: ApiFailure) => finish(failure.status, failure.code, errorBody(context, failure));

    try {
      if (body.length > MAX_BODY_BYTES) {
        throw live.invalidParam(`the body exceeds ${MAX_BODY_BYTES} bytes`);
      }
      accessKeyId = authenticator.authenticate(raw).accessKeyId;
      if (raw.method !== "POST") {
        throw gateway.methodNotAllowed(raw.method);
      }
      const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
      const version = query.get("Version") ?? "";
      if (handler === undefined || version !== API_VERSION) {
        throw gateway.invalidActionOrVersion(action, version);
      }
      if (!limiter.tryTake(accessKeyId, action)) {
        throw gateway.flowLimitExceeded(action);
      }
      try {
        parsedBody = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch {
        throw live.bindError("the body is not valid JSON");
      }
      const plan = faults.plan(action);
      fired = plan.fired;
      const delayMs = (options.latencyMs ?? 0) + plan.latencyMs;
      if (delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      if (plan.before !== undefined) {
        if (plan.before.kind === "drop") {
          finish(0, undefined, undefined);
        } else {
          fail(new ApiFailure(plan.before.status, plan.before.code, plan.before.message));
        }
        return;
      }
      const commitsBefore = world.commitCount;
      const result = handler({ accessKeyId, world, now: new Date(now()), taskIdBase }, parsedBody);
      applied = world.commitCount > commitsBefore;
      if (plan.after !== undefined) {
        if (plan.after.then === "drop") {
          finish(0, undefined, undefined);
        } else {
          fail(new ApiFailure(plan.after.status, plan.after.code, plan.after.message));
        }
        return;
      }
      finish(200, undefined, successBody(context, result));
    } catch (error) {
      if (error instanceof ApiFailure) {
        fail(error);
        return;
      }
      options.log?.(`internal error in ${action}: ${error instanceof Error ? error.stack : String(error)}`);
      fail(gateway.internalError());
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url,
    credentials: accounts[0] as EmulatorCredentials,
    accounts,
    async stop() {
      world.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    reset() {
      world.reset();
      log.clear();
      faults.clear();
      limiter.reset();
    },
    state: () => world.snapshot(),
    setState: (state) => world.replace(state),
    requests: () => log.snapshot(),
    clearRequests: () => log.clear(),
    setFaults: (rules) => faults.set(rules),
    faultsInjected: () => ({ ...faults.injected }),
  };
}

/** Request ids shaped like the service's: a timestamp followed by random hex. */
function requestId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomUUID().replace(/-/g, "").slice(0, 18).toUpperCase()}`;
}
