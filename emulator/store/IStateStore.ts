import type { WorldState } from "../world/WorldState";

/** Where the emulator keeps its world between runs. */
export interface IStateStore {
  load(): WorldState | undefined;
  save(state: WorldState): void;
}
