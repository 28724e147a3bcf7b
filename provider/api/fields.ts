import { z } from "zod";

/** Field rules of the ten actions' documentation, shared by request validation and the resources' `check`. */

const NAME_CHARSET = /^[A-Za-z0-9_.-]+$/;
const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const HOST_AND_PORT = new RegExp(`^(${HOST_LABEL}(?:\\.${HOST_LABEL})*)(?::(\\d{1,5}))?$`);

/** Largest span of a scheduled relay: 7 days. */
const MAX_RELAY_SPAN_SECONDS = 7 * 24 * 60 * 60;
const MAX_INT32 = 2_147_483_647;
export const MAX_SOURCES = 10;
/** Message types for which a transcoded stream's events can be reported. */
export const TRANSCODE_CALLBACK_TYPES: ReadonlySet<string> = new Set(["push", "push_end"]);
const SOURCE_URL_SCHEMES: ReadonlySet<string> = new Set(["rtmp:", "rtmps:", "http:", "https:", "srt:"]);

/** A domain name: dot-separated labels of letters, digits and hyphens, at most 253 characters. */
export const domainName = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(253, "must be at most 253 characters")
  .regex(HOSTNAME, "must be a domain name (letters, digits, hyphens and dots)");

/** Vhost: 1–60 characters of `A-Za-z0-9_.-`. */
export const vhostName = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(60, "must be at most 60 characters")
  .regex(NAME_CHARSET, "may contain only letters, digits, '_', '.' and '-'");

/** App: 1–30 characters of `A-Za-z0-9_.-`. */
export const appName = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(30, "must be at most 30 characters")
  .regex(NAME_CHARSET, "may contain only letters, digits, '_', '.' and '-'");

/** An optional App: empty means the vhost-level configuration. */
export const optionalAppName = z.union([z.literal(""), appName]);

/** Stream: 1–100 characters of `A-Za-z0-9_.-`. */
export const streamName = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(100, "must be at most 100 characters")
  .regex(NAME_CHARSET, "may contain only letters, digits, '_', '.' and '-'");

/** Relay group name: the documentation gives no charset, so only emptiness, length and control characters are refused. */
export const groupName = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(256, "must be at most 256 characters")
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

/** A host name or IPv4 address with an optional `:port` (1–65535). */
export const hostWithOptionalPort = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(260, "must be at most 260 characters")
  .refine((value) => {
    const match = HOST_AND_PORT.exec(value);
    if (match === null || (match[1] as string).length > 253) {
      return false;
    }
    const port = match[2];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }, "must be a host name or IP address, optionally followed by :port (1-65535)");

/** A relay source URL: rtmp, rtmps, http(s) (FLV/HLS) or srt, with a host. */
export const sourceUrl = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(1024, "must be at most 1024 characters")
  .refine((value) => !/\s/.test(value), "must not contain whitespace")
  .refine((value) => {
    try {
      const url = new URL(value);
      return SOURCE_URL_SCHEMES.has(url.protocol) && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an rtmp://, rtmps://, http://, https:// or srt:// URL with a host");

/** A callback URL: http or https, 1–100 characters. */
export const callbackUrl = z
  .string()
  .min(1, { error: "is required", abort: true })
  .max(100, "must be at most 100 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !/\s/.test(value);
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL");

/** Unix seconds as a JSON integer (the API's int32). */
export const unixSeconds = z
  .number()
  .int("must be a whole number of Unix seconds")
  .min(0, "must not be negative")
  .max(MAX_INT32, "must fit in a 32-bit integer (before 2038-01-19)");

/**
 * A permanent relay's window as ListRelaySourceV4 reports it: both times 0. Writing it back means "permanent", the
 * same as leaving both out.
 */
export function isPermanentWindow(start: unknown, end: unknown): boolean {
  return start === 0 && end === 0;
}

/**
 * StartTime and EndTime rules: both or neither (or both 0, as a permanent relay is listed), EndTime after
 * StartTime, a span of at most 7 days.
 */
export function relayWindowIssues(
  start: number | undefined,
  end: number | undefined,
  names: { start: string; end: string },
): Array<{ path: string; message: string }> {
  if ((start === undefined && end === undefined) || isPermanentWindow(start, end)) {
    return [];
  }
  if (start === undefined || end === undefined) {
    const missing = start === undefined ? names.start : names.end;
    const present = start === undefined ? names.end : names.start;
    return [{ path: missing, message: `is required when ${present} is set (set both or neither)` }];
  }
  if (end <= start) {
    return [{ path: names.end, message: `must be after ${names.start}` }];
  }
  if (end - start > MAX_RELAY_SPAN_SECONDS) {
    return [{ path: names.end, message: `must be at most 7 days (604800 s) after ${names.start}` }];
  }
  return [];
}
