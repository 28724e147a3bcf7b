import { LiveClient } from "../../provider/client/LiveClient";
import type { LiveClientOptions } from "../../provider/client/LiveClientOptions";
import type { ScriptedServer } from "./ScriptedServer";

export const TEST_CREDENTIALS = {
  accessKeyId: "AKLTtestAccessKey0001",
  secretAccessKey: "s3cr3t-Secret-Key-0001==",
};

/** A client pointed at a scripted server: no rate limit and millisecond backoff unless a test says otherwise. */
export function testClient(server: ScriptedServer, options: LiveClientOptions = {}): LiveClient {
  return new LiveClient({
    endpoint: server.url,
    credentials: TEST_CREDENTIALS,
    rateLimit: false,
    retry: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 10 },
    env: {},
    ...options,
  });
}
