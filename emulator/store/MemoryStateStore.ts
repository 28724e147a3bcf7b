import type { WorldState } from "../world/WorldState";
import type { IStateStore } from "./IStateStore";

/** Keeps nothing beyond the process: the default. */
export class MemoryStateStore implements IStateStore {
  load(): WorldState | undefined {
    return undefined;
  }

  save(_state: WorldState): void {}
}
