import { z } from "zod";

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/**
 * The common response envelope. `ResponseMetadata.Error` decides failure, by its Code, CodeN or Message, so each
 * is lenient (null, absent, or a numeric CodeN sent as text, must not hide an error).
 * Unknown fields are ignored. The echoed Action is not checked: the service has been seen decorating it.
 */
export const responseEnvelopeSchema = z.object({
  ResponseMetadata: z.object({
    RequestId: optionalText,
    Error: z
      .object({
        Code: optionalText,
        CodeN: z
          .union([z.number(), z.string()])
          .nullish()
          .transform((value) => {
            const number = typeof value === "string" ? Number(value) : value;
            return number === null || number === undefined || Number.isNaN(number) ? undefined : number;
          }),
        Message: z
          .unknown()
          .optional()
          .transform((value) =>
            typeof value === "string"
              ? value
              : value === null || value === undefined
                ? undefined
                : JSON.stringify(value),
          ),
      })
      .nullish()
      .transform((error) => error ?? undefined),
  }),
  Result: z.unknown().optional(),
});
