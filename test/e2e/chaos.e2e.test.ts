import { FAULT_KINDS, FaultCounts, type FaultKind } from "../../scripts/chaos/FaultCounts";
import { generateCycle } from "../../scripts/chaos/generateCycle";
import type { CycleResult } from "../../scripts/chaos/runCycle";
import { runCliCycle } from "../../scripts/chaos/runCliCycle";

/**
 * Two fixed-seed cycles of `npm run chaos` under the real Pulumi CLI: create → update → change keys → out-of-band
 * deletes and edits → refresh → preview → up → destroy, each a `pulumi` command against an emulator injecting
 * every fault kind on every action, re-run when it fails (as a user would), with the invariants checked against
 * the emulator and `pulumi stack export` after each command. Each cycle also performs one group of operations:
 * seed 6 kills `pulumi up` with SIGKILL mid-way and recovers; seed 7 moves a resource onto a hand-made
 * configuration's key, which must be refused with nothing changed. The full run is `npm run chaos`.
 */
const SEEDS = [6, 7];
const BASE = ["create", "update", "change keys", "out-of-band edits", "refresh", "preview", "converge", "destroy"];

describe(`chaos under the real Pulumi CLI (seeds ${SEEDS.join(", ")})`, () => {
  const results: CycleResult[] = [];

  beforeAll(async () => {
    for (const seed of SEEDS) results.push(await runCliCycle(generateCycle(seed, { operationGroups: 1 })));
  }, 290_000);

  it("converges every command within five runs and runs every phase", () => {
    for (const result of results) {
      expect({ seed: result.seed, failures: result.failures }).toEqual({ seed: result.seed, failures: [] });
      expect(result.phases.map((phase) => phase.label).filter((label) => BASE.includes(label))).toEqual(BASE);
    }
  });

  it("violates no invariant: the emulator and the recorded state agree with the program after every command", () => {
    for (const result of results) {
      expect({ seed: result.seed, violations: result.violations }).toEqual({ seed: result.seed, violations: [] });
    }
  });

  it("recovers from a killed up, refuses a move onto a taken key, and shows the drift a refresh recorded", () => {
    const [killed, moved] = results;
    expect(killed?.operations.interruptedUp).toBe(1);
    expect(moved?.phases.map((phase) => phase.label)).toContain("move onto a hand-made key");
    expect(moved?.operations.moveOntoHandMade).toBe(1);
    for (const result of results) expect(result.operations.driftPreview).toBeGreaterThan(0);
  });

  it("ran under injected faults of most kinds", () => {
    const faults = new FaultCounts();
    for (const result of results) faults.add(result.faults);
    const fired = (Object.keys(FAULT_KINDS) as FaultKind[]).filter((kind) => faults.byKind[kind] > 0);
    expect(fired.length).toBeGreaterThanOrEqual(4);
  });
});
