import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { WorldState } from "../world/WorldState";
import { worldStateSchema } from "../world/worldStateSchema";
import type { IStateStore } from "./IStateStore";

/**
 * A JSON file, loaded at start and rewritten after every change. Writes go to a temporary file renamed over the
 * old one, so a crash mid-write never leaves a torn file and a later run sees the last complete world.
 */
export class JsonFileStateStore implements IStateStore {
  constructor(private readonly path: string) {}

  load(): WorldState | undefined {
    if (!existsSync(this.path)) {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, "utf8"));
    } catch (error) {
      throw new Error(`state file ${this.path} is not valid JSON: ${error instanceof Error ? error.message : error}`);
    }
    const parsed = worldStateSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(
        `state file ${this.path} is not an emulator state (version 1): ${parsed.error.issues[0]?.message}`,
      );
    }
    return parsed.data;
  }

  save(state: WorldState): void {
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}
