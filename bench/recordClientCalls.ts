import type { CallOptions, LiveClient } from "../provider/client/LiveClient";

/** One API call as the provider made it: enough to send it again, byte for byte, through the same client. */
export interface RecordedCall {
  readonly action: string;
  readonly body: object;
  readonly options: CallOptions<unknown>;
}

export interface ClientCallRecorder {
  /** Calls made since the last `take`, in order; empties the record. */
  take(): RecordedCall[];
  /** Sends the calls again, one after the other as recorded, bypassing the record. */
  replay(calls: readonly RecordedCall[]): Promise<void>;
}

/**
 * Wraps `client.call` so every call the provider makes is kept (by reference: nothing is copied or serialised
 * while the provider is being timed), and can be replayed through the same client, connection pool included.
 */
export function recordClientCalls(client: LiveClient): ClientCallRecorder {
  const send = client.call.bind(client) as (
    action: string,
    body: object,
    options: CallOptions<unknown>,
  ) => Promise<unknown>;
  let calls: RecordedCall[] = [];
  client.call = (<T>(action: string, body: object, options: CallOptions<T>): Promise<T> => {
    calls.push({ action, body, options: options as CallOptions<unknown> });
    return send(action, body, options as CallOptions<unknown>) as Promise<T>;
  }) as LiveClient["call"];
  return {
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
    async replay(recorded) {
      for (const call of recorded) {
        await send(call.action, call.body, call.options);
      }
    },
  };
}
