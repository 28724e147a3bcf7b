import type { ResourceKind } from "../../provider/resources/resourceTypes";
import type { DesiredStack } from "./ChaosCycle";

/** One resource in the stack's state, as the engine recorded it. */
export interface RecordedResource {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  /** Recorded from a partial failure: the next `up` updates it even if nothing changed. */
  readonly initErrors: boolean;
  /** Deleted by a delete-before-replace whose create has not happened yet. */
  readonly pendingReplacement: boolean;
  /** The old half of a create-before-delete replacement, still to be deleted. */
  readonly pendingDelete: boolean;
}

export interface CommandOutcome {
  readonly ok: boolean;
  /** Why it failed: one line per failed step. */
  readonly errors: readonly string[];
}

export interface UpOptions {
  /** Resource names to force-replace, as `pulumi up --replace <urn>` does. */
  readonly replace?: readonly string[];
}

/** A resource's step in a preview, with the fields the engine shows as changed (`[diff: ~field]`). */
export interface PlannedStep {
  readonly op: "create" | "update" | "replace" | "same" | "delete";
  readonly fields: readonly string[];
}

export interface PreviewOutcome extends CommandOutcome {
  /** Resource name → its step; resources with no step at all are absent. */
  readonly steps: Readonly<Record<string, PlannedStep>>;
}

/** What recovering from a killed command did. */
export interface Recovery {
  /** Pending operations the checkpoint recorded after the kill, as `<type> <resource name>`. */
  readonly pending: readonly string[];
  /** Pending creates written into the state as resources under their deterministic ID, for refresh to read. */
  readonly recordedCreates: number;
}

/** What runs a cycle's commands: the providers in process, or the real Pulumi CLI. */
export interface ChaosDriver {
  up(desired: DesiredStack, options?: UpOptions): Promise<CommandOutcome>;
  /** The engine's plan for `desired` (`pulumi preview --diff`), changing nothing. */
  preview(desired: DesiredStack): Promise<PreviewOutcome>;
  refresh(): Promise<CommandOutcome>;
  destroy(): Promise<CommandOutcome>;
  /**
   * Only where a command can be killed (the real CLI): runs `up` or `destroy` and kills it with SIGKILL once
   * `due()` turns true; resolves with whether the kill happened before the command ended by itself.
   */
  killed?(command: "up" | "destroy", desired: DesiredStack, due: () => boolean): Promise<{ killed: boolean }>;
  /** After a kill: the documented recovery (release the lock, record pending creates, refresh). */
  recover?(): Promise<CommandOutcome & Recovery>;
  /** The stack's state after the last command. */
  recorded(): Promise<RecordedResource[]>;
  close(): Promise<void>;
}
