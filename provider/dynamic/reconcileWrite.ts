import { PartialFailureError } from "../errors/PartialFailureError";
import { VolcLiveError } from "../errors/VolcLiveError";
import { readWithGuard } from "./readWithGuard";

export interface WriteToReconcile<Held> {
  /** The resource ID, named by a partial failure. */
  readonly id: string;
  /** The write itself; it drops the shared reads of its scope. */
  send(): Promise<void>;
  /** A fresh read of what the service holds at the key; undefined when nothing is there. */
  readHeld(): Promise<Held | undefined>;
  /** Whether what is held is the declared state: the write landed. */
  isDeclared(held: Held): boolean;
  /** Whether what is held is the state before the write: it did not land. */
  isPrevious(held: Held): boolean;
  /** The outputs that record what is held, for the partial failure. */
  outputsOf(held: Held): Record<string, unknown>;
}

/**
 * Sends a write; when the service refuses it or its answer is lost, the service's own state decides, since the
 * write may have landed all the same. The declared state showing within the read guard means it landed; nothing
 * held, or the state before, means it did not and the error stands; anything else is a partial change, raised as a
 * PartialFailureError recording what the service holds, so the next `up` corrects it. A read that fails counts as
 * seeing nothing.
 */
export async function reconcileWrite<Held>(delaysMs: readonly number[], write: WriteToReconcile<Held>): Promise<void> {
  try {
    await write.send();
  } catch (error) {
    if (!(error instanceof VolcLiveError)) throw error;
    const readHeld = () => write.readHeld().catch(() => undefined);
    const landed = await readWithGuard(delaysMs, async () => {
      const held = await readHeld();
      return held !== undefined && write.isDeclared(held) ? held : undefined;
    });
    if (landed !== undefined) return;
    const observed = await readHeld();
    if (observed === undefined || write.isPrevious(observed)) throw error;
    throw new PartialFailureError(write.id, write.outputsOf(observed), error);
  }
}
