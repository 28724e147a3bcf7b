/**
 * The dynamic providers' implementation, loaded at call time by the thin provider serialized into state. Every
 * resource of a provider process shares this module: one runtime (clients, rate limits, locks, read caches).
 * Internal: the supported surface is the package root.
 */
import { FixedRelayV4Provider } from "./fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "./liveCallback/LiveCallbackProvider";
import { readProviderConfig } from "./ProviderConfig";
import { ProviderRuntime } from "./ProviderRuntime";
import { RelayGroupV3Provider } from "./relayGroupV3/RelayGroupV3Provider";

export type ResourceKind = "RelayGroupV3" | "FixedRelayV4" | "LiveCallback";

const runtime = new ProviderRuntime();
const providers = {
  RelayGroupV3: new RelayGroupV3Provider(runtime),
  FixedRelayV4: new FixedRelayV4Provider(runtime),
  LiveCallback: new LiveCallbackProvider(runtime),
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
