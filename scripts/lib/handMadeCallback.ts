import type { CallbackConfig } from "../../emulator/world/WorldState";

/** A callback configuration as if made in the console (a signed record callback of a Vhost's App), with changes. */
export function handMadeCallback(changes: Partial<CallbackConfig>): CallbackConfig {
  return {
    Vhost: "push.example.com",
    Domain: "",
    App: "live",
    MessageType: "record",
    CallbackDetailList: [{ CallbackType: "http", URL: "https://hooks.example.com/record" }],
    TranscodeCallback: 0,
    AuthEnable: true,
    AuthKeyPrimary: "made-in-console",
    CreateTime: "2025-01-01T08:00:00+08:00",
    CreateTimeUTC: "2025-01-01T00:00:00Z",
    ...changes,
  };
}
