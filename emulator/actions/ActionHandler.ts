import type { LiveWorld } from "../world/LiveWorld";

export interface ActionContext {
  readonly accessKeyId: string;
  readonly world: LiveWorld;
  readonly now: Date;
  /** Added to the TaskId counter so different seeds give different, still deterministic, ids. */
  readonly taskIdBase: number;
}

/** Runs one action on a parsed JSON body; returns the Result (or undefined for none) or throws an ApiFailure. */
export type ActionHandler = (context: ActionContext, body: unknown) => unknown;
