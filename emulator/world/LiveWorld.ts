import type { IStateStore } from "../store/IStateStore";
import { type AccountState, emptyAccount, emptyWorld, type WorldState } from "./WorldState";

export interface WorldModes {
  /** Whether UpdateRelaySourceV3 keeps the (Vhost, App) groups it does not name, or replaces them all. */
  readonly v3Update: "merge" | "replace-all";
  /** Whether deleting an absent configuration succeeds or fails. */
  readonly deleteMissing: "ok" | "error";
  /** How long a change takes to show in Describe/List answers. */
  readonly readAfterWriteDelayMs: number;
  /** Whether DescribeCallback returns AuthKeyPrimary as stored or masked. */
  readonly callbackAuthKey: "plain" | "masked";
}

/** Applies a change to an account; must not throw (all checks happen before, against the committed state). */
export type Change = (account: AccountState, world: WorldState) => void;

/** A committed change not yet visible. */
interface PendingChange {
  readonly visibleAt: number;
  readonly accessKeyId: string;
  readonly change: Change;
}

/**
 * The emulated service's state. Writes apply to the committed state at once (uniqueness and existence checks see
 * them) and reach the visible state, which Describe and List read, once `readAfterWriteDelayMs` has passed on the
 * emulator's clock — in the same order, so readers observe a consistent, merely late, history. Changes become
 * visible when a reader looks, so a test that moves the clock sees exactly what it expects.
 */
export class LiveWorld {
  private committed: WorldState;
  private visible: WorldState;
  private pending: PendingChange[] = [];
  /** Changes committed so far: tells whether a request changed anything. */
  private commits = 0;

  constructor(
    readonly modes: WorldModes,
    private readonly store: IStateStore,
    private readonly now: () => number = Date.now,
  ) {
    this.committed = store.load() ?? emptyWorld();
    this.visible = this.delayed ? structuredClone(this.committed) : this.committed;
  }

  private get delayed(): boolean {
    return this.modes.readAfterWriteDelayMs > 0;
  }

  /** The committed account, for checks made before a change. Read-only by convention. */
  committedAccount(accessKeyId: string): AccountState {
    return this.committed.accounts[accessKeyId] ?? emptyAccount();
  }

  /** The account as Describe and List see it. */
  visibleAccount(accessKeyId: string): AccountState {
    this.revealDue();
    return this.visible.accounts[accessKeyId] ?? emptyAccount();
  }

  /** Allocates a TaskId from the committed counter (persisted, so unique across restarts). */
  nextTaskNumber(): number {
    return this.committed.nextTaskId;
  }

  get commitCount(): number {
    return this.commits;
  }

  commit(accessKeyId: string, change: Change): void {
    applyTo(this.committed, accessKeyId, change);
    this.commits += 1;
    this.store.save(this.committed);
    if (this.delayed) {
      this.pending.push({ visibleAt: this.now() + this.modes.readAfterWriteDelayMs, accessKeyId, change });
    }
  }

  snapshot(): WorldState {
    return structuredClone(this.committed);
  }

  /** Replaces the whole world at once (visible immediately): the control API's out-of-band edits. */
  replace(state: WorldState): void {
    this.pending = [];
    this.committed = structuredClone(state);
    this.visible = this.delayed ? structuredClone(state) : this.committed;
    this.store.save(this.committed);
  }

  reset(): void {
    this.replace(emptyWorld());
  }

  private revealDue(): void {
    const now = this.now();
    let due = 0;
    while (due < this.pending.length && (this.pending[due] as PendingChange).visibleAt <= now) {
      const { accessKeyId, change } = this.pending[due] as PendingChange;
      applyTo(this.visible, accessKeyId, change);
      due += 1;
    }
    if (due > 0) this.pending = this.pending.slice(due);
  }
}

function applyTo(world: WorldState, accessKeyId: string, change: Change): void {
  let account = world.accounts[accessKeyId];
  if (account === undefined) {
    account = emptyAccount();
    world.accounts[accessKeyId] = account;
  }
  change(account, world);
}
