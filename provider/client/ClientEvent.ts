/** What a client reports to its logger: one event per attempt, response and retry, never a secret. */
export type ClientEvent =
  | { readonly type: "attempt"; readonly action: string; readonly attempt: number }
  | {
      readonly type: "response";
      readonly action: string;
      readonly attempt: number;
      readonly status: number;
      readonly apiCode: string | undefined;
      readonly requestId: string | undefined;
      readonly durationMs: number;
    }
  | {
      readonly type: "retry";
      readonly action: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    };
