import { hash } from "node:crypto";
import { EMPTY_BODY_SHA256 } from "./constants";

/**
 * Lower-case hex SHA-256 of the exact body bytes (strings are hashed as UTF-8). One-shot hash() rather than
 * createHash(): no Hash object per call, which is most of the cost for the small JSON bodies of this API.
 */
export function getPayloadHash(body: string | Uint8Array): string {
  if (body.length === 0) {
    return EMPTY_BODY_SHA256;
  }
  return hash("sha256", body, "hex");
}
