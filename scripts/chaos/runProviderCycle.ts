import { startEmulator } from "../../emulator";
import type { ChaosCycle } from "./ChaosCycle";
import { ProviderEngine } from "./ProviderEngine";
import { type CycleResult, runCycle } from "./runCycle";
import { startProviderProcess } from "./startProviderProcess";

export interface ProviderCycleOptions {
  /** Runs of one command before a phase counts as not converging. Default 5. */
  readonly maxAttempts?: number;
  /** Steps at once, like `pulumi up --parallel`. Default 8 (Pulumi's 4 × CPUs on a 2-core machine). */
  readonly parallel?: number;
}

/** One cycle with the providers driven in process by the engine model, against its own emulator. */
export async function runProviderCycle(cycle: ChaosCycle, options: ProviderCycleOptions = {}): Promise<CycleResult> {
  const emulator = await startEmulator({ seed: cycle.seed, rateLimit: 0, ...cycle.modes });
  try {
    const engine = new ProviderEngine(() => startProviderProcess(emulator), options.parallel ?? 8);
    return await runCycle(cycle, emulator, engine, {
      maxAttempts: options.maxAttempts ?? 5,
      gapMs: cycle.modes.readAfterWriteDelayMs + 5,
    });
  } finally {
    await emulator.stop();
  }
}
