import { type RateLimit, TokenBucket } from "./TokenBucket";

const buckets = new Map<string, TokenBucket>();

/**
 * One bucket per (endpoint, account, action, limit) for the whole process, so every client and every resource in
 * a provider process draws from the same budget the service enforces per account and action.
 */
export function sharedRateLimiter(scope: string, action: string, limit: RateLimit): TokenBucket {
  const key = `${scope}\n${action}\n${limit.requestsPerSecond}\n${limit.burst}`;
  let bucket = buckets.get(key);
  if (bucket === undefined) {
    bucket = new TokenBucket(limit);
    buckets.set(key, bucket);
  }
  return bucket;
}
