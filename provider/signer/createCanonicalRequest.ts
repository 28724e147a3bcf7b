import type { CanonicalHeaders } from "./getCanonicalHeaders";

interface CanonicalRequestParts extends CanonicalHeaders {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  readonly payloadHash: string;
}

/** METHOD, URI, query, headers (ending in a blank line), signed header names and payload hash, one per line. */
export function createCanonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method.toUpperCase()}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}
