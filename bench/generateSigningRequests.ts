import type { SignableRequest, SigningOptions } from "../provider/signer/signRequest";
import { seededRandom } from "../emulator/faults/seededRandom";
import { EMPTY_BODY_SHA256 } from "../provider/signer/constants";

/** One request to sign and the credentials to sign it with (with or without a session token). */
export interface SigningCase {
  readonly request: SignableRequest;
  readonly credentials: SigningOptions["credentials"];
}

const ACTIONS = [
  "CreateRelaySourceV4",
  "UpdateRelaySourceV4",
  "DeleteRelaySourceV4",
  "ListRelaySourceV4",
  "UpdateRelaySourceV3",
  "DeleteRelaySourceV3",
  "DescribeRelaySourceV3",
  "UpdateCallback",
  "DeleteCallback",
  "DescribeCallback",
];
const HOSTS = ["live.volcengineapi.com", "open.volcengineapi.com", "127.0.0.1:48123"];
const QUERY_KEYS = ["Note", "PageNum", "PageSize", "Filter", "Tag", "Region"];
// Reserved characters, a multi-byte script, an astral character and an empty value: every escaping path is hit.
const QUERY_VALUES = ["100", "a b*c~d/e:f+g!'()", "直播回源", "x=y&z", "clip 🎥", "", "push.example.com"];
// Body padding: ASCII, CJK, accents and an astral character, so UTF-8 encoding matters for the hash.
const BODY_WORDS = ["relay", "直播", "回源", "café", "🎥", "rtmp://origin.example.com/live", "stream-1", "✓"];
// Bodies from empty to a few KB, as JSON actions send them (most are small).
const BODY_SIZES = [0, 0, 40, 120, 300, 600, 1200, 2500, 4000];

const CREDENTIALS = { accessKeyId: "AKLTbenchAccessKey0001", secretAccessKey: "bench-Secret-Key-0001==" };
const SESSION_TOKEN = "STS2benchSessionToken.eyJleHAiOjE3Njc0ODQ4MDB9";

/**
 * `count` varied, deterministic requests (seeded): every Live action, extra query parameters with reserved and
 * non-ASCII characters, bodies of 0 to 4,000 characters with unicode, about half with a session token.
 *
 * They stay inside what both our signer and the official Node SDK sign identically: no Content-Type (the SDK never
 * signs it), only `host` and `x-*` headers, header values without inner whitespace runs (the SDK collapses them),
 * repeated query values already in sorted order (the SDK sorts them), no default port on the host, and an empty
 * body carries `X-Content-Sha256` (the SDK otherwise leaves that header out and does not sign it).
 */
export function generateSigningRequests(count: number, seed = 1): SigningCase[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const cases: SigningCase[] = [];
  for (let index = 0; index < count; index++) {
    const action = ACTIONS[index % ACTIONS.length] as string;
    const query: Record<string, string | string[]> = { Action: action, Version: "2023-01-01" };
    const extraParameters = Math.floor(random() * 4);
    for (let extra = 0; extra < extraParameters; extra++) {
      query[pick(QUERY_KEYS)] = random() < 0.15 ? ["alpha", "beta", "gamma"] : pick(QUERY_VALUES);
    }
    const body = makeBody(pick(BODY_SIZES), action, random, pick);
    const headers: Record<string, string> = { Host: pick(HOSTS) };
    if (random() < 0.3) headers["X-Request-Id"] = Math.floor(random() * 2 ** 48).toString(16);
    if (random() < 0.2) headers["x-tt-trace"] = "on";
    if (body === "") headers["X-Content-Sha256"] = EMPTY_BODY_SHA256;
    cases.push({
      request: { method: body === "" && random() < 0.5 ? "GET" : "POST", path: "/", query, headers, body },
      credentials: random() < 0.5 ? { ...CREDENTIALS, sessionToken: SESSION_TOKEN } : CREDENTIALS,
    });
  }
  return cases;
}

function makeBody(
  targetLength: number,
  action: string,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): string {
  if (targetLength === 0) return "";
  const words: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const word = pick(BODY_WORDS);
    words.push(word);
    length += word.length + 1;
  }
  return JSON.stringify({
    Vhost: "push.example.com",
    App: "live",
    Action: action,
    Seq: Math.floor(random() * 1e6),
    Note: words.join(" "),
  });
}
