/**
 * The dynamic providers' implementation, loaded at call time by the thin provider serialized into state. Every
 * resource of a provider process shares this module: one runtime (clients, rate limits, locks, read caches).
 * Internal: the supported surface is the package root.
 */
import { FixedRelayV4Provider } from "./fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "./liveCallback/LiveCallbackProvider";
import { CONFIG_KEYS, readProviderConfig } from "./ProviderConfig";
import { ProviderRuntime } from "./ProviderRuntime";
import { RelayGroupV3Provider } from "./relayGroupV3/RelayGroupV3Provider";
import { withoutStackTraces } from "./withoutStackTraces";

export type ResourceKind = "RelayGroupV3" | "FixedRelayV4" | "LiveCallback";

// The runtime passes the endpoint on only when stack config sets it: messages then name that key.
const runtime = new ProviderRuntime({ client: { endpointName: `stack config ${CONFIG_KEYS.endpoint}` } });
const providers = {
  RelayGroupV3: withoutStackTraces(new RelayGroupV3Provider(runtime)),
  FixedRelayV4: withoutStackTraces(new FixedRelayV4Provider(runtime)),
  LiveCallback: withoutStackTraces(new LiveCallbackProvider(runtime)),
} as const;

/** Receives the stack config (`volcengine:*` keys); values stay in this process's memory only. */
export function configure(request: { config: { get(key: string): string | undefined } }): void {
  runtime.configure(readProviderConfig(request.config));
}

export function providerFor(kind: ResourceKind) {
  const provider = providers[kind];
  if (provider === undefined) {
    throw new Error(`pulumi-volcengine-live has no resource kind ${String(kind)}: state written by a newer version?`);
  }
  return provider;
}
