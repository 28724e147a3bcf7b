const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/**
 * RFC 3986 percent-encoding: everything but `A-Za-z0-9-_.~` is encoded as UTF-8 bytes with upper-case hex,
 * so a space is `%20` and `*` is `%2A` (what Go's QueryEscape plus `+`→`%20` and Python's `quote(safe="-_.~")` give).
 */
export function escapeUri(value: string): string {
  // Most names and values (Action, Version, ids) need no escaping; testing for that is cheaper than encoding.
  if (UNRESERVED_ONLY.test(value)) {
    return value;
  }
  // encodeURIComponent leaves !'()* unescaped; they are the only differences from RFC 3986's unreserved set.
  return encodeURIComponent(value).replace(/[!'()*]/g, escapeReservedCharacter);
}

function escapeReservedCharacter(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}
