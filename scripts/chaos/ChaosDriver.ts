import type { DesiredStack, ResourceKind } from "./ChaosCycle";

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

/** What runs a cycle's commands: the providers in process, or the real Pulumi CLI. */
export interface ChaosDriver {
  up(desired: DesiredStack): Promise<CommandOutcome>;
  refresh(): Promise<CommandOutcome>;
  destroy(): Promise<CommandOutcome>;
  /** The stack's state after the last command. */
  recorded(): Promise<RecordedResource[]>;
  close(): Promise<void>;
}
