import type { CommandOutcome } from "./ChaosDriver";

/**
 * Runs independent step chains, at most `parallel` at once, like the engine's step executor: after the first
 * failure no chain starts and no chain goes on to its next step (the deployment is cancelled), while steps already
 * in flight finish.
 */
export class StepPool {
  private readonly errors: string[] = [];

  constructor(private readonly parallel: number) {}

  /** Whether a step failed: a chain checks this before each of its later steps. */
  get cancelled(): boolean {
    return this.errors.length > 0;
  }

  async run(chains: ReadonlyArray<() => Promise<void>>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < chains.length && !this.cancelled) {
        const chain = chains[next++] as () => Promise<void>;
        try {
          await chain();
        } catch (error) {
          this.errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallel, chains.length) }, worker));
  }

  outcome(): CommandOutcome {
    return { ok: this.errors.length === 0, errors: [...this.errors] };
  }
}
