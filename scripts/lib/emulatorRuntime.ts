import type { RunningEmulator } from "../../emulator";
import { ProviderRuntime, type ProviderRuntimeOptions } from "../../provider/dynamic/ProviderRuntime";

/**
 * A provider runtime pointed at an in-process emulator, configured the way the engine's `configure` call would
 * (endpoint and keys from stack config), so nothing is read from the machine's environment. Tests, benchmarks
 * and the chaos runner all build their provider processes with it; `options` tunes backoff, guards and sharing.
 */
export function emulatorRuntime(emulator: RunningEmulator, options: ProviderRuntimeOptions = {}): ProviderRuntime {
  const runtime = new ProviderRuntime({ ...options, client: { env: {}, ...options.client } });
  runtime.configure({
    endpoint: emulator.url,
    accessKey: emulator.credentials.accessKeyId,
    secretKey: emulator.credentials.secretAccessKey,
  });
  return runtime;
}
