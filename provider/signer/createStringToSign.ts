import { hash } from "node:crypto";
import { ALGORITHM } from "./constants";

/** `HMAC-SHA256\n<X-Date>\n<credential scope>\n<hex SHA-256 of the canonical request>`. */
export function createStringToSign(xDate: string, credentialScope: string, canonicalRequest: string): string {
  return `${ALGORITHM}\n${xDate}\n${credentialScope}\n${hashCanonicalRequest(canonicalRequest)}`;
}

/** One-shot hash(): on Node 24 it is about twice as fast as createHash() for a string this short. */
function hashCanonicalRequest(canonicalRequest: string): string {
  return hash("sha256", canonicalRequest, "hex");
}
