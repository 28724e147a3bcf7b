import { ConfigurationError } from "../errors/ConfigurationError";
import {
  ALGORITHM,
  AUTHORIZATION_HEADER,
  CONTENT_SHA256_HEADER,
  DATE_HEADER,
  SECURITY_TOKEN_HEADER,
} from "./constants";
import { createCanonicalRequest } from "./createCanonicalRequest";
import { createSignature } from "./createSignature";
import { createStringToSign } from "./createStringToSign";
import { formatXDate } from "./formatXDate";
import { getCanonicalHeaders } from "./getCanonicalHeaders";
import { getCanonicalQuery } from "./getCanonicalQuery";
import { getCanonicalUri } from "./getCanonicalUri";
import { getCredentialScope } from "./getCredentialScope";
import { getPayloadHash } from "./getPayloadHash";
import { getSigningKeyObject } from "./getSigningKey";

export interface SignableRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface SigningOptions {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  date: Date;
}

const REPLACED_HEADERS = new Set([
  AUTHORIZATION_HEADER.toLowerCase(),
  DATE_HEADER.toLowerCase(),
  CONTENT_SHA256_HEADER.toLowerCase(),
]);

/**
 * Returns the complete header set to send: the request's headers plus X-Date, X-Content-Sha256,
 * Authorization and, with a session token, X-Security-Token. Does not mutate its arguments.
 *
 * Signs `content-type`, `content-md5`, `host` and every `x-*` header present (the Go and Python SDK rule).
 */
export function signRequest(request: SignableRequest, options: SigningOptions): Record<string, string> {
  const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
  if (!accessKeyId || !secretAccessKey) {
    throw new ConfigurationError("signing needs a non-empty accessKeyId and secretAccessKey");
  }
  const xDate = formatXDate(options.date);
  const payloadHash = getPayloadHash(request.body);
  const hasSessionToken = sessionToken !== undefined && sessionToken !== "";

  const headers: Record<string, string> = {};
  for (const name of Object.keys(request.headers)) {
    const lowerCaseName = name.toLowerCase();
    // Headers this function sets replace any spelling of them the caller passed, so none is sent twice.
    if (REPLACED_HEADERS.has(lowerCaseName) || (hasSessionToken && lowerCaseName === "x-security-token")) {
      continue;
    }
    headers[name] = request.headers[name] as string;
  }
  headers[DATE_HEADER] = xDate;
  headers[CONTENT_SHA256_HEADER] = payloadHash;
  if (hasSessionToken) {
    headers[SECURITY_TOKEN_HEADER] = sessionToken;
  }

  const { canonicalHeaders, signedHeaders } = getCanonicalHeaders(headers);
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    canonicalUri: getCanonicalUri(request.path),
    canonicalQuery: getCanonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  });
  const shortDate = xDate.slice(0, 8);
  const credentialScope = getCredentialScope(shortDate, options.region, options.service);
  const stringToSign = createStringToSign(xDate, credentialScope, canonicalRequest);
  const signingKey = getSigningKeyObject(secretAccessKey, shortDate, options.region, options.service);
  const signature = createSignature(signingKey, stringToSign);

  headers[AUTHORIZATION_HEADER] =
    `${ALGORITHM} Credential=${accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
