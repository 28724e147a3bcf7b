import { createHash } from "node:crypto";
import { EMPTY_BODY_SHA256 } from "./constants";

/** Lower-case hex SHA-256 of the exact body bytes (strings are hashed as UTF-8). */
export function getPayloadHash(body: string | Uint8Array): string {
  if (body.length === 0) {
    return EMPTY_BODY_SHA256;
  }
  return createHash("sha256").update(body).digest("hex");
}
