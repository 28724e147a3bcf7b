import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiServices } from "./api/ApiServices";
import { handleApiRequest } from "./api/handleApiRequest";
import { AccessKeyAuthenticator } from "./auth/AccessKeyAuthenticator";
import type { EmulatorCredentials, IAuthenticator } from "./auth/IAuthenticator";
import { SignatureAuthenticator } from "./auth/SignatureAuthenticator";
import { type ControlTargets, resetTargets } from "./control/ControlTargets";
import { handleControl, isControlPath } from "./control/handleControl";
import { DEFAULT_CREDENTIALS, type EmulatorOptions } from "./EmulatorOptions";
import { FaultInjector } from "./faults/FaultInjector";
import type { FaultRule, ResolvedFaultRule } from "./faults/FaultRule";
import { LoopbackServer } from "./http/LoopbackServer";
import type { ReceivedBody } from "./http/readRequestBody";
import { type ActionCounters, RequestLog, type RequestLogEntry } from "./http/RequestLog";
import { ServerRateLimiter } from "./http/ServerRateLimiter";
import { JsonFileStateStore } from "./store/JsonFileStateStore";
import { MemoryStateStore } from "./store/MemoryStateStore";
import { LiveWorld } from "./world/LiveWorld";
import type { WorldState } from "./world/WorldState";

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
  LoopbackServer.requireLoopbackHost(host);
  const accounts = options.credentials?.length ? [...options.credentials] : [DEFAULT_CREDENTIALS];
  const services = createApiServices(options, accounts);
  const server = new LoopbackServer((request, body, response) => route(request, body, response, services));
  const url = await server.listen(options.port ?? 0, host);
  return {
    url,
    credentials: accounts[0] as EmulatorCredentials,
    accounts,
    async stop() {
      await server.close();
    },
    reset: () => resetTargets(services),
    state: () => services.world.snapshot(),
    setState: (state) => services.world.replace(state),
    requests: () => services.log.snapshot(),
    clearRequests: () => services.log.clear(),
    setFaults: (rules) => services.faults.set(rules),
    faultsInjected: () => ({ ...services.faults.injected }),
  };
}

/** The world, log, fault rules and limiter of one emulator, built from the options' defaults. */
function createApiServices(
  options: EmulatorOptions,
  accounts: readonly EmulatorCredentials[],
): ApiServices & ControlTargets {
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
    now,
  );
  const seed = options.seed ?? 0;
  return {
    authenticator,
    world,
    faults: new FaultInjector(seed),
    limiter: new ServerRateLimiter(options.rateLimit ?? 10, now),
    log: new RequestLog(),
    now,
    taskIdBase: 1_612_000_000_000 + (Math.abs(seed) % 1000) * 1_000_000,
    latencyMs: options.latencyMs ?? 0,
    logLine: options.log,
  };
}

/** `/_emulator/…` to the control API, everything else to the signed API. */
function route(
  request: IncomingMessage,
  body: ReceivedBody,
  response: ServerResponse,
  services: ApiServices & ControlTargets,
): void {
  if (isControlPath(request.url ?? "")) {
    handleControl(request, body, response, services);
    return;
  }
  void handleApiRequest(request, body, response, services).catch((error: unknown) => {
    services.logLine?.(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
    if (!response.headersSent) {
      response.writeHead(500);
      response.end();
    }
  });
}
