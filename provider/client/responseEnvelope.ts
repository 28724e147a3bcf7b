import { z } from "zod";

/**
 * The common response envelope (contract §2). Only what decides success is checked here; unknown fields are
 * ignored. The echoed Action is not validated: the service has been seen echoing a decorated name.
 */
export const responseEnvelopeSchema = z.object({
  ResponseMetadata: z.object({
    RequestId: z.string().optional(),
    Action: z.string().optional(),
    Version: z.string().optional(),
    Error: z
      .object({
        Code: z.string().optional(),
        CodeN: z.number().optional(),
        Message: z.string().optional(),
      })
      .nullish(),
  }),
  Result: z.unknown().optional(),
});
