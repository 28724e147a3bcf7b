import { z } from "zod";
import type { WorldState } from "./WorldState";

const server = z.object({
  RelaySourceDomain: z.string(),
  RelaySourceProtocol: z.string(),
  RelaySourceParams: z.record(z.string(), z.string()).optional(),
});

/** The shape of a state file and of `PUT /_emulator/state`, checked so a hand edit cannot corrupt the world. */
export const worldStateSchema: z.ZodType<WorldState> = z.object({
  version: z.literal(1),
  accounts: z.record(
    z.string(),
    z.object({
      relaySourcesV3: z.array(
        z.object({
          Vhost: z.string(),
          App: z.string(),
          GroupDetails: z.array(z.object({ Group: z.string(), Servers: z.array(server) })),
        }),
      ),
      relaySourcesV4: z.array(
        z.object({
          Domain: z.string(),
          App: z.string(),
          Stream: z.string(),
          SrcAddrS: z.array(z.string()),
          StartTime: z.number(),
          EndTime: z.number(),
          TaskId: z.string(),
        }),
      ),
      callbacks: z.array(
        z.object({
          Vhost: z.string(),
          Domain: z.string(),
          App: z.string(),
          MessageType: z.string(),
          CallbackDetailList: z.array(z.object({ CallbackType: z.string(), URL: z.string() })),
          TranscodeCallback: z.number(),
          AuthEnable: z.boolean(),
          AuthKeyPrimary: z.string(),
          CreateTime: z.string(),
          CreateTimeUTC: z.string(),
        }),
      ),
    }),
  ),
  nextTaskId: z.number().int().min(1),
});
