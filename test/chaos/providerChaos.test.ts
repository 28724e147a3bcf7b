import { FAULT_KINDS, FaultCounts, type FaultKind } from "../../scripts/chaos/FaultCounts";
import { generateCycle } from "../../scripts/chaos/generateCycle";
import type { CycleResult } from "../../scripts/chaos/runCycle";
import { runProviderCycle } from "../../scripts/chaos/runProviderCycle";

/**
 * A fixed-seed sample of `npm run chaos` at the provider level: twenty full cycles (create → update → renames →
 * up --replace → change keys → a move onto a taken key → out-of-band deletes and edits → refresh → preview → up →
 * destroy) with the providers driven in process by the engine model, against an emulator injecting every fault
 * kind on every action. The full run is `npm run chaos`.
 */
const SEEDS = Array.from({ length: 20 }, (_, index) => 1 + index);
const CONCURRENT_CYCLES = 4;

describe(`chaos at the provider level (seeds ${SEEDS[0]}–${SEEDS.at(-1)})`, () => {
  const results: CycleResult[] = [];

  beforeAll(async () => {
    const queue = [...SEEDS];
    const worker = async () => {
      for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
        results.push(await runProviderCycle(generateCycle(seed)));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_CYCLES }, worker));
  }, 120_000);

  it("runs every phase of every cycle", () => {
    expect(results).toHaveLength(SEEDS.length);
    for (const result of results) {
      expect(result.phases.map((phase) => phase.label)).toEqual([
        "create",
        "update",
        "rename with aliases",
        "rename without aliases",
        expect.stringMatching(/^rename fixed by (aliases|adopt)$/),
        "up --replace",
        expect.stringMatching(/^up --replace with (deleteBeforeReplace|adopt)$/),
        "change keys",
        expect.stringMatching(/^move onto /),
        "out-of-band edits",
        "refresh",
        "preview",
        "converge",
        "destroy",
      ]);
    }
  });

  it("performs every operation: renames with and without aliases and both fixes, refused and fixed forced replacements, replaceOnChanges, moves onto taken keys, drift shown by preview", () => {
    const performed = new Set(results.flatMap((result) => Object.keys(result.operations)));
    expect([...performed].sort()).toEqual(
      [
        "driftPreview",
        "forcedReplace",
        "forcedReplaceAdopt",
        "forcedReplaceDeleteFirst",
        "moveOntoHandMade",
        "moveOntoStack",
        "renameFixedByAdopt",
        "renameFixedByAliases",
        "renameWithAliases",
        "renameWithoutAliases",
        "replaceOnChanges",
        ...(performed.has("moveDeleteFirst") ? ["moveDeleteFirst"] : []),
      ].sort(),
    );
  });

  it("converges every command within five runs", () => {
    expect(results.flatMap((result) => result.failures.map((failure) => `seed ${result.seed}: ${failure}`))).toEqual(
      [],
    );
  });

  it("violates no invariant after any command", () => {
    expect(
      results.flatMap((result) => result.violations.map((violation) => `seed ${result.seed}: ${violation}`)),
    ).toEqual([]);
  });

  it("injects every fault kind, and some commands fail and are run again", () => {
    const faults = new FaultCounts();
    for (const result of results) faults.add(result.faults);
    for (const kind of Object.keys(FAULT_KINDS) as FaultKind[]) {
      expect({ kind, fired: faults.byKind[kind] > 0 }).toEqual({ kind, fired: true });
    }
    const reruns = results.flatMap((result) => result.phases).filter((phase) => phase.attempts > 1);
    expect(reruns.length).toBeGreaterThan(0);
  });
});
