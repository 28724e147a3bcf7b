import { LiveClient } from "../client/LiveClient";
import type { LiveClientOptions } from "../client/LiveClientOptions";
import { credentialsFromConfiguration } from "../client/resolveCredentials";
import { KeyedMutex } from "./KeyedMutex";
import { KeyLedger } from "./KeyLedger";
import type { ProviderConfig } from "./ProviderConfig";
import { SingleFlightCache } from "./SingleFlightCache";

export interface ProviderRuntimeOptions {
  /** Client settings for tests and tuning; endpoint, region and credentials come from config and environment. */
  readonly client?: Omit<LiveClientOptions, "endpoint" | "region" | "credentials">;
  /**
   * A settled read of a Vhost, Domain or callback scope is shared by later reads of it that come within this long
   * of the previous one: all the reads of a refresh, however long the engine takes. 0 turns sharing off (in-flight
   * reads are still joined). Default 2 s.
   */
  readonly readCacheMs?: number;
  /** The oldest a shared read may be, however steadily reads keep coming. Default 60 s. */
  readonly readCacheMaxAgeMs?: number;
  /** The clock, in milliseconds, that `readCacheMs` and `readCacheMaxAgeMs` are measured by. Default performance.now. */
  readonly now?: () => number;
  /**
   * Waits before re-reading a configuration that is missing right after being written, before calling it gone
   * (the service may show writes late). Default 0.5 s, 1 s, 2 s.
   */
  readonly readGuardDelaysMs?: readonly number[];
}

/**
 * What every resource of a provider process shares: configuration from `configure`, one client per endpoint and
 * region (so one rate limiter budget), a lock table and read caches. Credentials are resolved at each call, from
 * stack config first and the environment second, and never stored anywhere that is serialised.
 */
export class ProviderRuntime {
  private config: ProviderConfig = {};
  private readonly clients = new Map<string, LiveClient>();
  readonly locks = new KeyedMutex();
  /** Who holds which key in this command: lives exactly as long as the process, i.e. one Pulumi command. */
  readonly ledger = new KeyLedger();
  readonly reads: SingleFlightCache<unknown>;
  readonly readGuardDelaysMs: readonly number[];

  constructor(private readonly options: ProviderRuntimeOptions = {}) {
    this.reads = new SingleFlightCache({
      maxIdleMs: options.readCacheMs ?? 2_000,
      maxAgeMs: options.readCacheMaxAgeMs ?? 60_000,
      now: options.now,
    });
    this.readGuardDelaysMs = options.readGuardDelaysMs ?? [500, 1_000, 2_000];
  }

  configure(config: ProviderConfig): void {
    this.config = { ...config };
  }

  get client(): LiveClient {
    const endpoint = this.config.endpoint;
    const region = this.config.region;
    const key = `${endpoint ?? ""}\n${region ?? ""}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new LiveClient({
        ...this.options.client,
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(region === undefined ? {} : { region }),
        credentials: () => this.credentials(),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }

  /** Stack config first, the environment for whatever it leaves unset: decided by the client's resolution. */
  private credentials() {
    return credentialsFromConfiguration(
      {
        accessKeyId: this.config.accessKey,
        secretAccessKey: this.config.secretKey,
        sessionToken: this.config.sessionToken,
      },
      this.options.client?.env,
    );
  }
}
