import type { FaultRule } from "../../emulator/faults/FaultRule";
import type { WorldModes } from "../../emulator/world/LiveWorld";
import type {
  AccountState,
  CallbackConfig,
  RelayServer as ApiRelayServer,
  RelaySourceV4Config,
} from "../../emulator/world/WorldState";

export type ResourceKind = "RelayGroupV3" | "FixedRelayV4" | "LiveCallback";

/** One resource as a program declares it (the shape the end-to-end program reads from resources.json). */
export interface ResourceSpec {
  readonly kind: ResourceKind;
  readonly args: Record<string, unknown>;
}

/** What the program declares: resource name → resource. */
export type DesiredStack = Record<string, ResourceSpec>;

/** Who a configuration belongs to: a resource of the stack, or nobody in it (made by hand in the console). */
export type Owner = { readonly resource: string } | { readonly handMade: true };

/** A change made behind Pulumi's back, applied to the emulator's state between two commands. */
export type OutOfBandEdit =
  | { readonly change: "delete-group"; readonly owner: Owner; vhost: string; app: string; group: string }
  | {
      readonly change: "set-group";
      readonly owner: Owner;
      vhost: string;
      app: string;
      group: string;
      servers: ApiRelayServer[];
    }
  | { readonly change: "delete-relay"; readonly owner: Owner; domain: string; app: string; stream: string }
  /** Edits the sources and window of a relay (its TaskId stays), or adds it if absent. */
  | { readonly change: "set-relay"; readonly owner: Owner; relay: RelaySourceV4Config }
  | {
      readonly change: "delete-callback";
      readonly owner: Owner;
      vhost: string;
      domain: string;
      app: string;
      messageType: string;
    }
  /** Replaces the callback at the same key (its creation time stays), or adds it. */
  | { readonly change: "set-callback"; readonly owner: Owner; callback: CallbackConfig };

export type ChaosPhase =
  | { readonly kind: "up"; readonly label: string; readonly desired: DesiredStack }
  | { readonly kind: "refresh"; readonly label: string }
  | { readonly kind: "destroy"; readonly label: string }
  | { readonly kind: "out-of-band"; readonly label: string; readonly edits: readonly OutOfBandEdit[] };

/** Everything one cycle does, derived from its seed alone. */
export interface ChaosCycle {
  readonly seed: number;
  /** The emulator's behaviour where the service's is undocumented (merge or replace-all V3 updates, etc.). */
  readonly modes: WorldModes;
  /** Configurations made by hand before the stack exists; none is owned by a resource, all must survive. */
  readonly handMade: AccountState;
  /** Fault rules active for every command of the cycle. */
  readonly faults: readonly FaultRule[];
  readonly phases: readonly ChaosPhase[];
}
