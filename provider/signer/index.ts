export {
  ALGORITHM,
  AUTHORIZATION_HEADER,
  CONTENT_SHA256_HEADER,
  DATE_HEADER,
  EMPTY_BODY_SHA256,
  SECURITY_TOKEN_HEADER,
} from "./constants";
export { type CanonicalRequestParts, createCanonicalRequest } from "./createCanonicalRequest";
export { createSignature } from "./createSignature";
export { createStringToSign, hashCanonicalRequest } from "./createStringToSign";
export { escapeUri } from "./escapeUri";
export { formatXDate } from "./formatXDate";
export { type CanonicalHeaders, getCanonicalHeaders, isSignedHeader } from "./getCanonicalHeaders";
export { getCanonicalQuery } from "./getCanonicalQuery";
export { getCanonicalUri } from "./getCanonicalUri";
export { getCredentialScope } from "./getCredentialScope";
export { getPayloadHash } from "./getPayloadHash";
export { getSigningKey, getSigningKeyObject } from "./getSigningKey";
export { type SignableRequest, type SigningOptions, signRequest } from "./signRequest";
