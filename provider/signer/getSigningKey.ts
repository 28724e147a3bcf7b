import { createHmac } from "node:crypto";
import { SCOPE_TERMINATOR } from "./constants";

const MAX_CACHED_KEYS = 32;
// Keyed by secret, date, region and service. The derived key changes once a day per credential, so a few entries
// serve a process; the oldest is evicted first (Map keeps insertion order).
const cache = new Map<string, Buffer>();

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC(secret, shortDate), region), service), "request"), with the UTF-8 bytes of the
 * secret as the first key (no prefix). Cached: four HMACs per request would otherwise dominate signing time.
 */
export function getSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const cacheKey = `${shortDate}\n${region}\n${service}\n${secretAccessKey}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) {
    return cached;
  }
  const kDate = hmac(Buffer.from(secretAccessKey, "utf8"), shortDate);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, SCOPE_TERMINATOR);
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) {
      cache.delete(oldest);
    }
  }
  cache.set(cacheKey, kSigning);
  return kSigning;
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
