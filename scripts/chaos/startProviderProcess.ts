import type { RunningEmulator } from "../../emulator";
import { FixedRelayV4Provider } from "../../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../../provider/resources/liveCallback/LiveCallbackProvider";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { emulatorRuntime } from "../lib/emulatorRuntime";
import type { ProviderProcess } from "./ProviderEngine";

/**
 * A fresh provider process against the emulator: its own runtime (client, locks, read cache, V3 journal), as each
 * `pulumi` command starts its own. Production settings except the clock: millisecond backoff and read guards
 * (the emulator's read lag is 80 ms at most), no client-side rate limit (the faults throttle instead), so hundreds
 * of cycles run in minutes.
 */
export function startProviderProcess(emulator: RunningEmulator): ProviderProcess {
  const runtime = emulatorRuntime(emulator, {
    client: { rateLimit: false, retry: { maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 20 } },
    readGuardDelaysMs: [30, 60, 120],
  });
  const providers = {
    RelayGroupV3: new RelayGroupV3Provider(runtime),
    FixedRelayV4: new FixedRelayV4Provider(runtime),
    LiveCallback: new LiveCallbackProvider(runtime),
  };
  return {
    provider: (kind) => providers[kind],
    close: () => runtime.close(),
  };
}
