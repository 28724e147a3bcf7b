import type { AccountState } from "../../emulator/world/WorldState";
import type { RecordedResource } from "./ChaosDriver";
import { configLines } from "./configLines";

/** The service's configurations and the stack's state at one moment, to compare with another. */
export interface StackSnapshot {
  readonly actual: AccountState;
  readonly recorded: readonly RecordedResource[];
}

/**
 * After a command that had to be refused: the service holds exactly what it held before (no configuration added,
 * removed or changed) and the state records the same resources with the same inputs, outputs and flags.
 */
export function unchangedViolations(before: StackSnapshot, after: StackSnapshot): string[] {
  const violations: string[] = [];
  const held = configLines(before.actual).lines;
  const now = configLines(after.actual).lines;
  for (const [key, value] of held) {
    const current = now.get(key);
    if (current === undefined) violations.push(`unchanged: ${key} was removed (held ${value})`);
    else if (current !== value) violations.push(`unchanged: ${key} changed from ${value} to ${current}`);
  }
  for (const [key, value] of now) {
    if (!held.has(key)) violations.push(`unchanged: ${key} was added (${value})`);
  }
  const lines = (recorded: readonly RecordedResource[]) => new Set(recorded.map(describe));
  const was = lines(before.recorded);
  const is = lines(after.recorded);
  for (const line of was) if (!is.has(line)) violations.push(`unchanged: state no longer records ${line}`);
  for (const line of is) if (!was.has(line)) violations.push(`unchanged: state now records ${line}`);
  return violations;
}

function describe(entry: RecordedResource): string {
  const { __provider: _inputProvider, ...inputs } = entry.inputs;
  const { __provider: _outputProvider, ...outputs } = entry.outputs;
  const flags = [
    entry.initErrors ? "initErrors" : "",
    entry.pendingReplacement ? "pendingReplacement" : "",
    entry.pendingDelete ? "pendingDelete" : "",
  ].filter(Boolean);
  return `${entry.name} (${entry.kind} ${entry.id}${flags.length > 0 ? `, ${flags.join(", ")}` : ""}) inputs ${sorted(inputs)} outputs ${sorted(outputs)}`;
}

function sorted(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
