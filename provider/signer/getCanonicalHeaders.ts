import { ALWAYS_SIGNED_HEADERS } from "./constants";

export interface CanonicalHeaders {
  /** `name:value\n` for each signed header, sorted by name: a blank line follows the last one in the request. */
  readonly canonicalHeaders: string;
  /** The lower-case signed header names, sorted, joined with `;`. */
  readonly signedHeaders: string;
}

/** Whether a header is signed under the Go/Python SDK rule: content-type, content-md5, host and every `x-*`. */
function isSignedHeader(lowerCaseName: string): boolean {
  return ALWAYS_SIGNED_HEADERS.has(lowerCaseName) || lowerCaseName.startsWith("x-");
}

/**
 * Canonicalises the headers chosen by `include` (names compared case-insensitively): values are trimmed, and `host`
 * drops a default port (`:80`, `:443`) as the Go SDK does.
 */
export function getCanonicalHeaders(
  headers: Readonly<Record<string, string>>,
  include: (lowerCaseName: string) => boolean = isSignedHeader,
): CanonicalHeaders {
  const entries: Array<[string, string]> = [];
  for (const name of Object.keys(headers)) {
    const lowerCaseName = name.toLowerCase();
    if (!include(lowerCaseName)) {
      continue;
    }
    let value = (headers[name] as string).trim();
    if (lowerCaseName === "host") {
      value = stripDefaultPort(value);
    }
    entries.push([lowerCaseName, value]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let canonicalHeaders = "";
  const names: string[] = [];
  for (const [name, value] of entries) {
    canonicalHeaders += `${name}:${value}\n`;
    names.push(name);
  }
  return { canonicalHeaders, signedHeaders: names.join(";") };
}

function stripDefaultPort(host: string): string {
  if (host.endsWith(":80")) {
    return host.slice(0, -3);
  }
  if (host.endsWith(":443")) {
    return host.slice(0, -4);
  }
  return host;
}
