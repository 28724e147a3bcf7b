import type { DesiredStack, ExpectedDrift } from "./ChaosCycle";
import type { PlannedStep } from "./ChaosDriver";

/**
 * After out-of-band edits and a refresh, the preview of the declared stack shows each drifted resource with its
 * step and exactly the fields the edit changed, and no step at all for the others: drift the refresh recorded is
 * what the next `up` will undo, field by field.
 */
export function driftViolations(
  desired: DesiredStack,
  drift: Readonly<Record<string, ExpectedDrift>>,
  steps: Readonly<Record<string, PlannedStep>>,
): string[] {
  const violations: string[] = [];
  for (const name of Object.keys(desired)) {
    const step = steps[name] ?? { op: "same", fields: [] };
    const expected = drift[name];
    if (expected === undefined) {
      if (step.op !== "same") violations.push(`drift: ${name} shows ${show(step)}, expected no change`);
      continue;
    }
    const want = { op: expected.op, fields: [...expected.fields].sort() };
    const got = { op: step.op, fields: [...step.fields].sort() };
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      violations.push(`drift: ${name} shows ${show(got)}, expected ${show(want)}`);
    }
  }
  for (const [name, step] of Object.entries(steps)) {
    if (!(name in desired)) violations.push(`drift: ${name} is not declared, yet shows ${show(step)}`);
  }
  return violations;
}

function show(step: PlannedStep): string {
  return step.fields.length > 0 ? `${step.op} [${step.fields.join(", ")}]` : step.op;
}
