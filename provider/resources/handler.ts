/**
 * The entry point each resource's provider text requires (`pulumi-volcengine-live/dynamic`, see
 * `resourceTypes.ts`), in the provider process. Every resource of the process shares this module: one runtime
 * (clients, rate limits, locks, read caches, key ledger). Internal: the supported surface is the package root.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, readProviderConfig } from "../dynamic/ProviderConfig";
import { ProviderRuntime } from "../dynamic/ProviderRuntime";
import { withoutStackTraces } from "../dynamic/withoutStackTraces";
import { FixedRelayV4Provider } from "./fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "./liveCallback/LiveCallbackProvider";
import { RelayGroupV3Provider } from "./relayGroupV3/RelayGroupV3Provider";
import type { ResourceKind } from "./resourceTypes";

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

/** A kind's provider: every operation the host calls besides `configure`, which the process shares. */
export type KindProvider = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

export function providerFor(kind: ResourceKind): KindProvider {
  const provider = providers[kind];
  if (provider === undefined) {
    throw new Error(`pulumi-volcengine-live has no resource kind ${String(kind)}: state written by a newer version?`);
  }
  return provider;
}

/** What the host calls on the module a provider text compiles to: the kind's provider, configured through it. */
export function handler(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const provider = providerFor(kind);
  return {
    configure: async (request) => configure(request),
    check: (olds, news) => provider.check(olds, news),
    diff: (id, olds, news) => provider.diff(id, olds, news),
    create: (inputs) => provider.create(inputs),
    read: (id, props) => provider.read(id, props),
    update: (id, olds, news) => provider.update(id, olds, news),
    delete: (id, props) => provider.delete(id, props),
  };
}
