import { PartialFailureError } from "../errors/PartialFailureError";
import { ResourceConflictError } from "../errors/ResourceConflictError";

/** Where a create found an existing configuration it may take over, and what this stack recorded for it. */
export interface Admission {
  /**
   * The outputs of this stack's resource that held the configuration (the one being replaced), when that is how
   * it came; absent when taken with `adopt`.
   */
  readonly handedOver?: Record<string, unknown>;
}

/**
 * What one provider process — one Pulumi command — knows about who holds each key, so that two resources of one
 * deployment never destroy each other's configuration. The engine gives create and delete no resource name, and
 * runs a create before the delete of the resource it replaces (or, renamed without aliases, of the resource it
 * was), both at the same key; only this process sees both.
 *
 * - A key is *declared* when check validates a program's resource at it.
 * - A key is *held* when diff compares this stack's recorded resource at it with a declaration at the same key:
 *   a create at that key is the resource's replacement (`replaceOnChanges`, a replacement left pending by a failed
 *   run) and takes the configuration over — unless diff also saw another resource move onto that key, whose
 *   create it could equally be.
 * - A key is *claimed* when a create, take-over or update of this deployment writes it: a later delete of another
 *   resource at that key (the replaced one, or the old name of a renamed one) leaves the configuration alone.
 * - A delete at a declared, unclaimed key *hands the configuration over* instead of deleting it: the declared
 *   resource's create (a delete-before-replace at an unchanged key) takes it over, so nothing is destroyed.
 * - A create that finds a configuration takes it over only when it was held, handed over, or `adopt` is set;
 *   otherwise it is *refused*, and a later delete at that key does what the engine asked.
 *
 * Keys are `kind` plus the resource ID, which is the key itself. Nothing here outlives the process.
 */
export class KeyLedger {
  private readonly declared = new Set<string>();
  private readonly claimed = new Set<string>();
  private readonly refused = new Set<string>();
  private readonly handedOver = new Map<string, Record<string, unknown>>();
  private readonly held = new Map<string, Record<string, unknown>>();
  private readonly movedOnto = new Set<string>();
  private readonly created = new Set<string>();
  private readonly replacements = new Map<string, unknown>();

  declare(kind: string, id: string): void {
    this.declared.add(entry(kind, id));
  }

  private claim(kind: string, id: string): void {
    const key = entry(kind, id);
    this.claimed.add(key);
    this.handedOver.delete(key);
    this.refused.delete(key);
  }

  /**
   * Runs a create, take-over or update at the key, and claims the key when the write is recorded in state: on
   * success, and on a partial failure (recorded too). A failure that records nothing claims nothing.
   */
  async writing<T>(kind: string, id: string, operation: "create" | "update", write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      this.claim(kind, id);
      if (operation === "create") this.created.add(entry(kind, id));
      return result;
    } catch (error) {
      if (error instanceof PartialFailureError) this.claim(kind, id);
      throw error;
    }
  }

  /** Diff saw this stack's resource at the key (its recorded outputs) declared at the same key again. */
  noteHeld(kind: string, id: string, outputs: Record<string, unknown>): void {
    this.held.set(entry(kind, id), outputs);
  }

  /** Diff decided a replacement onto another key: a delete-before-replace checks that key before deleting. */
  noteReplacement(kind: string, oldId: string, newId: string, replacementInputs: unknown): void {
    this.replacements.set(entry(kind, oldId), replacementInputs);
    this.movedOnto.add(entry(kind, newId));
  }

  /** The inputs of the resource replacing the one at `oldId` onto another key, if diff saw that replacement. */
  replacementOf(kind: string, oldId: string): unknown {
    return this.replacements.get(entry(kind, oldId));
  }

  /**
   * Whether the delete of the resource at `oldId`, replaced onto another key, comes before the replacement's create
   * (delete-before-replace) and that create would be refused: the key is neither created nor handed over here, so
   * a configuration found there (`isPresent`) would stop it after the old one is gone.
   */
  async blocksReplacement(
    kind: string,
    newId: string,
    adopt: boolean,
    isPresent: () => Promise<boolean>,
  ): Promise<boolean> {
    const key = entry(kind, newId);
    if (adopt || this.created.has(key) || this.handedOver.has(key)) return false;
    return isPresent();
  }

  /**
   * Called by delete before any API call: true when the configuration must stay, because another resource of this
   * deployment claimed it or the program declares a resource at the key (which then takes it over).
   */
  keepsOnDelete(kind: string, id: string, outputs: Record<string, unknown>): boolean {
    const key = entry(kind, id);
    if (this.claimed.has(key)) return true;
    if (this.declared.has(key) && !this.refused.has(key)) {
      this.handedOver.set(key, outputs);
      return true;
    }
    return false;
  }

  /**
   * Called by create when a configuration exists at the key: allowed when it was handed over or held here, or
   * `adopt` is set; else refused with the conflict error (nothing is written).
   */
  admit(kind: string, id: string, adopt: boolean): Admission {
    const key = entry(kind, id);
    // A held key that another resource is moving onto: the create may be that mover's, so it gets nothing held.
    const handedOver = this.handedOver.get(key) ?? (this.movedOnto.has(key) ? undefined : this.held.get(key));
    if (handedOver !== undefined) return { handedOver };
    if (adopt) return {};
    this.refused.add(key);
    throw new ResourceConflictError(kind, id);
  }
}

function entry(kind: string, id: string): string {
  return `${kind}\n${id}`;
}
