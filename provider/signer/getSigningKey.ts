import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { SCOPE_TERMINATOR } from "./constants";

interface DerivedKey {
  readonly bytes: Buffer;
  /**
   * The same key as a KeyObject: createHmac turns a Buffer key into one on every call, which on Node 24 costs
   * several times the HMAC of a string to sign.
   */
  readonly keyObject: KeyObject;
}

const MAX_CACHED_KEYS = 32;
// Keyed by secret, date, region and service. The derived key changes once a day per credential, so a few entries
// serve a process; the oldest is evicted first (Map keeps insertion order).
const cache = new Map<string, DerivedKey>();

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC(secret, shortDate), region), service), "request"), with the UTF-8 bytes of the
 * secret as the first key (no prefix). Cached: four HMACs per request would otherwise dominate signing time.
 */
export function getSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  return derive(secretAccessKey, shortDate, region, service).bytes;
}

/** The signing key as a KeyObject, from the same cache: what createSignature signs fastest with. */
export function getSigningKeyObject(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): KeyObject {
  return derive(secretAccessKey, shortDate, region, service).keyObject;
}

function derive(secretAccessKey: string, shortDate: string, region: string, service: string): DerivedKey {
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
  const derived = { bytes: kSigning, keyObject: createSecretKey(kSigning) };
  cache.set(cacheKey, derived);
  return derived;
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
