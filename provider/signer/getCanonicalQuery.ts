import { escapeUri } from "./escapeUri";

/**
 * The canonical query string: keys sorted by their UTF-8 bytes, names and values RFC 3986-encoded, and the values of
 * a repeated key kept in the order given (Go, Python and the signing guide agree; the Node SDK sorts them instead).
 */
export function getCanonicalQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const keys = Object.keys(query);
  if (keys.length === 0) {
    return "";
  }
  keys.sort(compareUtf8);
  const parts: string[] = [];
  for (const key of keys) {
    const encodedKey = escapeUri(key);
    const value = query[key] as string | readonly string[];
    if (typeof value === "string") {
      parts.push(`${encodedKey}=${escapeUri(value)}`);
    } else {
      for (const item of value) {
        parts.push(`${encodedKey}=${escapeUri(item)}`);
      }
    }
  }
  return parts.join("&");
}

/** Orders strings as their UTF-8 bytes would sort (Go's sort.Strings); plain comparison differs only for surrogates. */
function compareUtf8(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  if (isBasicMultilingual(a) && isBasicMultilingual(b)) {
    return a < b ? -1 : 1;
  }
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function isBasicMultilingual(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    if (value.charCodeAt(index) >= 0xd800) {
      return false;
    }
  }
  return true;
}
