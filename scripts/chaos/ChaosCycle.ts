import type { FaultRule } from "../../emulator/faults/FaultRule";
import type { WorldModes } from "../../emulator/world/LiveWorld";
import type {
  AccountState,
  CallbackConfig,
  RelayServer as ApiRelayServer,
  RelaySourceV4Config,
} from "../../emulator/world/WorldState";
import type { ResourceKind } from "../../provider/resources/resourceTypes";

/** The resource options a cycle sets, as JSON (the end-to-end program passes them to the constructor as they are). */
export interface ResourceOptions {
  /** Former names of the resource: the engine then finds its old state under the old name. */
  readonly aliases?: readonly { readonly name: string }[];
  /** Fields whose change replaces the resource instead of updating it. */
  readonly replaceOnChanges?: readonly string[];
  /** Overrides the provider's choice of replacement order. */
  readonly deleteBeforeReplace?: boolean;
}

/** One resource as a program declares it (the shape the end-to-end program reads from resources.json). */
export interface ResourceSpec {
  readonly kind: ResourceKind;
  readonly args: Record<string, unknown>;
  readonly opts?: ResourceOptions;
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

/**
 * The Pulumi operations a cycle performs beyond plain creates, updates and key changes, as the report counts them.
 */
export const OPERATIONS = {
  replaceOnChanges: "replaceOnChanges replacement",
  renameWithAliases: "rename with aliases",
  renameWithoutAliases: "rename without aliases (refused)",
  renameFixedByAliases: "… fixed by adding aliases",
  renameFixedByAdopt: "… fixed by adopt: true",
  forcedReplace: "up --replace (refused)",
  forcedReplaceDeleteFirst: "up --replace, deleteBeforeReplace: true",
  forcedReplaceAdopt: "up --replace, adopt: true",
  moveOntoHandMade: "key moved onto a hand-made configuration (refused)",
  moveOntoStack: "key moved onto another resource's key (refused)",
  moveDeleteFirst: "… of which with deleteBeforeReplace: true",
  driftPreview: "refresh, then preview: drifted resources reported",
  interruptedUp: "up killed (SIGKILL), recovered",
  interruptedDestroy: "destroy killed (SIGKILL), recovered",
  pendingCreatesRecorded: "… pending creates recorded under their ID",
} as const;

export type Operation = keyof typeof OPERATIONS;

/** What one resource's preview must show after a refresh recorded drift: its step and the changed fields. */
export interface ExpectedDrift {
  /** `replace` when `replaceOnChanges` names a drifted field. */
  readonly op: "update" | "replace" | "create";
  /** The fields the out-of-band edit changed (empty for a create). */
  readonly fields: readonly string[];
}

interface PhaseBase {
  readonly label: string;
  /** The operations this phase performs, one entry per occurrence, counted when it converges. */
  readonly operations?: readonly Operation[];
}

export type ChaosPhase =
  | (PhaseBase & {
      readonly kind: "up";
      readonly desired: DesiredStack;
      /** Resource names to force-replace: `pulumi up --replace <urn>`. */
      readonly replace?: readonly string[];
      /**
       * `"conflict"`: every run must fail, writing nothing and leaving service and state as they were, until one
       * fails with the conflict error (a taken key). `"no-writes"`: it must succeed without a single write request.
       */
      readonly expect?: "conflict" | "no-writes";
      /** Under the real CLI, the first run is killed with SIGKILL once the service has seen this many requests. */
      readonly killAfterRequests?: number;
    })
  | (PhaseBase & { readonly kind: "refresh" })
  | (PhaseBase & {
      readonly kind: "preview";
      readonly desired: DesiredStack;
      /** Each drifted resource's expected step; every other declared resource must show none. */
      readonly drift: Readonly<Record<string, ExpectedDrift>>;
    })
  | (PhaseBase & { readonly kind: "destroy"; readonly killAfterRequests?: number })
  | (PhaseBase & { readonly kind: "out-of-band"; readonly edits: readonly OutOfBandEdit[] });

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
