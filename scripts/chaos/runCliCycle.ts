import { startEmulator } from "../../emulator";
import type { ChaosCycle } from "./ChaosCycle";
import { CliDriver } from "./CliDriver";
import { type CycleResult, runCycle } from "./runCycle";

/**
 * One cycle under the real Pulumi CLI: its own emulator (the service's 10 requests/s limit on, as well as the
 * cycle's faults) and its own stack; `pulumi up`, `refresh` and `destroy` per phase, re-run when they fail.
 * Needs the end-to-end workspace (scripts/lib/prepareE2eWorkspace.ts provides it).
 */
export async function runCliCycle(cycle: ChaosCycle, options: { maxAttempts?: number } = {}): Promise<CycleResult> {
  const emulator = await startEmulator({ seed: cycle.seed, ...cycle.modes });
  let driver: CliDriver | undefined;
  try {
    driver = await CliDriver.create(`chaos-${cycle.seed}`, emulator);
    // A command takes seconds to start: the emulator's read lag (80 ms at most) has passed by then.
    return await runCycle(cycle, emulator, driver, { maxAttempts: options.maxAttempts ?? 5, gapMs: 0 });
  } finally {
    await driver?.close();
    await emulator.stop();
  }
}
