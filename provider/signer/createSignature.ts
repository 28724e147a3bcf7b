import { createHmac, type KeyObject } from "node:crypto";

/**
 * Lower-case hex HMAC-SHA256 of the string to sign under the derived signing key. Pass the KeyObject form
 * (getSigningKeyObject) when signing often: with a Buffer, Node builds a KeyObject on every call.
 */
export function createSignature(signingKey: Buffer | KeyObject, stringToSign: string): string {
  return createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
}
