import { z } from "zod";
import {
  appName,
  domainName,
  isPermanentWindow,
  MAX_SOURCES,
  relayWindowIssues,
  sourceUrl,
  streamName,
  unixSeconds,
} from "../../api/fields";
import { addCrossFieldIssue, inputObject, mustBe, trimmed } from "../../dynamic/inputRules";
import { keyOfId } from "../../dynamic/keyOfId";

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Unix seconds, or an ISO-8601 date-time with an explicit zone, normalised to Unix seconds. */
const time = z.union(
  [
    unixSeconds,
    z
      .string({ error: mustBe("Unix seconds or an ISO-8601 date-time string with a zone") })
      .regex(ISO_8601, "must be Unix seconds or an ISO-8601 date-time with a zone, e.g. 2026-01-01T08:00:00Z")
      .transform((text, context) => {
        const seconds = Math.floor(Date.parse(text) / 1000);
        if (!Number.isFinite(seconds) || !isCalendarDate(text)) {
          context.addIssue({ code: "custom", message: `is not a valid date-time: ${text}` });
          return z.NEVER;
        }
        return seconds;
      })
      .pipe(unixSeconds),
  ],
  { error: "must be Unix seconds or an ISO-8601 date-time string" },
);

/** Date.parse rolls 2026-02-30 over to March: the written day must exist, and the time of day be in range. */
function isCalendarDate(text: string): boolean {
  const [year, month, day, hour, minute, second] = (text.match(/\d+/g) ?? []).map(Number) as number[];
  const probe = new Date(Date.UTC(year as number, (month as number) - 1, day as number));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === (month as number) - 1 &&
    probe.getUTCDate() === day &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second ?? 0) <= 59
  );
}

/** Checked inputs of FixedRelayV4. */
export const fixedRelayV4InputsSchema = inputObject({
  domain: trimmed(domainName),
  app: trimmed(appName),
  stream: trimmed(streamName),
  sourceUrls: z
    .array(trimmed(sourceUrl), { error: mustBe("a list of source URLs") })
    .min(1, "needs at least one source URL")
    .max(MAX_SOURCES, `allows at most ${MAX_SOURCES} source URLs (they are tried in order)`),
  startTime: time.optional(),
  endTime: time.optional(),
  adopt: z.boolean({ error: "must be true or false" }).default(false),
})
  .superRefine((inputs, context) => {
    // Only compare times that are themselves valid: one bad time gets one failure, not a second about the window.
    if (![inputs.startTime, inputs.endTime].every((time) => time === undefined || isValidSeconds(time))) return;
    const issues = relayWindowIssues(inputs.startTime, inputs.endTime, { start: "startTime", end: "endTime" });
    for (const issue of issues) {
      addCrossFieldIssue(context, { ...issue, reads: ["startTime", "endTime"] });
    }
  })
  // 0/0 (a permanent relay as listed) is stored as no times, as read and refresh report it: no perpetual diff.
  .overwrite((inputs) => {
    if (!isPermanentWindow(inputs.startTime, inputs.endTime)) return inputs;
    const { startTime: _start, endTime: _end, ...permanent } = inputs;
    return permanent;
  });

function isValidSeconds(time: unknown): boolean {
  return typeof time === "number" && Number.isInteger(time) && time >= 0 && time <= 2_147_483_647;
}

export type FixedRelayV4Inputs = z.output<typeof fixedRelayV4InputsSchema>;

/** `domain:app:stream`. */
export function fixedRelayV4Id(inputs: Pick<FixedRelayV4Inputs, "domain" | "app" | "stream">): string {
  return `${inputs.domain}:${inputs.app}:${inputs.stream}`;
}

/** The key an ID names (see fixedRelayV4Id); a ResourceIdError when it names none. */
export function fixedRelayV4KeyOfId(id: string): Pick<FixedRelayV4Inputs, "domain" | "app" | "stream"> {
  const [domain, app, stream, ...rest] = id.split(":");
  return keyOfId("FixedRelayV4", id, {
    form: "domain:app:stream",
    parts: stream === undefined || rest.length > 0 ? undefined : { domain: domain!, app: app!, stream },
    schema: z.object({ domain: domainName, app: appName, stream: streamName }),
  });
}
