import { createHash, createHmac, createSecretKey, hash, type KeyObject } from "node:crypto";
import { createCanonicalRequest } from "../provider/signer/createCanonicalRequest";
import { createStringToSign } from "../provider/signer/createStringToSign";
import { formatXDate } from "../provider/signer/formatXDate";
import { getCanonicalHeaders } from "../provider/signer/getCanonicalHeaders";
import { getCanonicalQuery } from "../provider/signer/getCanonicalQuery";
import { getCanonicalUri } from "../provider/signer/getCanonicalUri";
import { getCredentialScope } from "../provider/signer/getCredentialScope";
import { getPayloadHash } from "../provider/signer/getPayloadHash";
import { getSigningKey } from "../provider/signer/getSigningKey";
import type { SigningOptions } from "../provider/signer/signRequest";
import type { SigningCase } from "./generateSigningRequests";

/**
 * The floor of request signing: the hashing no signer avoids once its derived key is cached. SHA-256 of the body,
 * SHA-256 of the canonical request, and one HMAC of the string to sign, on inputs built beforehand.
 */
export interface FloorInput {
  readonly body: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signingKey: Buffer;
  readonly signingKeyObject: KeyObject;
  /** The key XOR ipad / opad (RFC 2104), derived once per key like the key itself. */
  readonly innerPad: Buffer;
  readonly outerPad: Buffer;
}

/** Builds the floor's inputs for one request, exactly as signRequest canonicalises it. */
export function floorInputOf(signingCase: SigningCase, options: Omit<SigningOptions, "credentials">): FloorInput {
  const { request, credentials } = signingCase;
  const xDate = formatXDate(options.date);
  const payloadHash = getPayloadHash(request.body);
  const headers: Record<string, string> = {};
  const replaced = [
    "authorization",
    "x-date",
    "x-content-sha256",
    ...(credentials.sessionToken ? ["x-security-token"] : []),
  ];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!replaced.includes(name.toLowerCase())) headers[name] = value;
  }
  headers["X-Date"] = xDate;
  headers["X-Content-Sha256"] = payloadHash;
  if (credentials.sessionToken) headers["X-Security-Token"] = credentials.sessionToken;
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    canonicalUri: getCanonicalUri(request.path),
    canonicalQuery: getCanonicalQuery(request.query),
    ...getCanonicalHeaders(headers),
    payloadHash,
  });
  const shortDate = xDate.slice(0, 8);
  const stringToSign = createStringToSign(
    xDate,
    getCredentialScope(shortDate, options.region, options.service),
    canonicalRequest,
  );
  const signingKey = Buffer.from(
    getSigningKey(credentials.secretAccessKey, shortDate, options.region, options.service),
  );
  const innerPad = Buffer.alloc(64, 0x36);
  const outerPad = Buffer.alloc(64, 0x5c);
  for (let index = 0; index < signingKey.length; index++) {
    innerPad[index] = (innerPad[index] as number) ^ (signingKey[index] as number);
    outerPad[index] = (outerPad[index] as number) ^ (signingKey[index] as number);
  }
  return {
    body: typeof request.body === "string" ? request.body : "",
    canonicalRequest,
    stringToSign,
    signingKey,
    signingKeyObject: createSecretKey(signingKey),
    innerPad,
    outerPad,
  };
}

/**
 * The floor's three operations with each hash implementation in the process; each returns the signature (hex), so
 * the result can be checked. An empty body is not hashed: its hash is a constant, which any signer can use.
 */
export const FLOOR_IMPLEMENTATIONS: Readonly<Record<string, (input: FloorInput) => string>> = {
  "node:crypto createHash + createHmac": (input) => {
    if (input.body !== "") createHash("sha256").update(input.body, "utf8").digest("hex");
    createHash("sha256").update(input.canonicalRequest, "utf8").digest("hex");
    return createHmac("sha256", input.signingKey).update(input.stringToSign, "utf8").digest("hex");
  },
  "node:crypto hash() one-shot + createHmac with a KeyObject": (input) => {
    if (input.body !== "") hash("sha256", input.body, "hex");
    hash("sha256", input.canonicalRequest, "hex");
    return createHmac("sha256", input.signingKeyObject).update(input.stringToSign, "utf8").digest("hex");
  },
  // One-shot hash() skips the Hash object; the HMAC is RFC 2104 over two one-shot hashes with the pads precomputed.
  "node:crypto hash() one-shot, HMAC from precomputed pads": (input) => {
    if (input.body !== "") hash("sha256", input.body, "hex");
    hash("sha256", input.canonicalRequest, "hex");
    const message = Buffer.allocUnsafe(64 + Buffer.byteLength(input.stringToSign, "utf8"));
    input.innerPad.copy(message, 0);
    message.write(input.stringToSign, 64, "utf8");
    const outer = Buffer.allocUnsafe(96);
    input.outerPad.copy(outer, 0);
    hash("sha256", message, "buffer").copy(outer, 64);
    return hash("sha256", outer, "hex");
  },
};
