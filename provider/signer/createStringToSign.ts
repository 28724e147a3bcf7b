import { createHash } from "node:crypto";
import { ALGORITHM } from "./constants";

/** `HMAC-SHA256\n<X-Date>\n<credential scope>\n<hex SHA-256 of the canonical request>`. */
export function createStringToSign(xDate: string, credentialScope: string, canonicalRequest: string): string {
  return `${ALGORITHM}\n${xDate}\n${credentialScope}\n${hashCanonicalRequest(canonicalRequest)}`;
}

export function hashCanonicalRequest(canonicalRequest: string): string {
  return createHash("sha256").update(canonicalRequest, "utf8").digest("hex");
}
