import { median } from "./median";

/** One contestant's rates, one per measured round, and their median. */
export interface RoundRates {
  readonly median: number;
  readonly rates: readonly number[];
}

export interface RoundPlan {
  /** Rounds run first and thrown away: JIT, caches and connection pools settle. */
  readonly warmUpRounds: number;
  readonly rounds: number;
}

/**
 * Runs every contestant once per round, alternating, and returns each one's median rate in operations/s. A
 * contestant does one unit of work and returns how many operations it did. The starting contestant rotates each
 * round, so neither side always runs first (after a GC, or with a warm cache); the median drops rounds that a
 * neighbour on a shared machine disturbed.
 */
export async function medianOfRounds<Name extends string>(
  contestants: Readonly<Record<Name, () => number | Promise<number>>>,
  plan: RoundPlan,
): Promise<Record<Name, RoundRates>> {
  const names = Object.keys(contestants) as Name[];
  const rates = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < plan.warmUpRounds + plan.rounds; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length] as Name;
      const started = performance.now();
      const operations = await contestants[name]();
      const seconds = (performance.now() - started) / 1000;
      if (round >= plan.warmUpRounds) (rates.get(name) as number[]).push(operations / seconds);
    }
  }
  const result = {} as Record<Name, RoundRates>;
  for (const name of names) {
    const measured = rates.get(name) as number[];
    result[name] = { median: median(measured), rates: measured };
  }
  return result;
}
