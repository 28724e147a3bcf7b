import { z } from "zod";

const positiveMs = z.number().finite().positive("must be a positive number of milliseconds");
const nonNegativeMs = z.number().finite().min(0, "must not be negative");

/** Numeric client options are checked once, at construction: NaN or a negative limit would unbound retries. */
export const clientOptionsSchema = z.object({
  retry: z
    .object({
      maxAttempts: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
      baseDelayMs: nonNegativeMs.optional(),
      maxDelayMs: nonNegativeMs.optional(),
    })
    .optional(),
  timeouts: z
    .object({
      connectMs: positiveMs.optional(),
      headersMs: positiveMs.optional(),
      bodyMs: positiveMs.optional(),
      deadlineMs: positiveMs.optional(),
    })
    .optional(),
  rateLimit: z
    .union([
      z.literal(false),
      z.object({
        requestsPerSecond: z.number().finite().positive("must be positive"),
        burst: z.number().finite().min(1, "must be at least 1"),
      }),
    ])
    .optional(),
});
