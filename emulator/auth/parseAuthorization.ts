import { gateway } from "../http/ApiFailure";
import { headerValue, type RawRequest } from "../http/RawRequest";

const AUTHORIZATION =
  /^HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/;

/** The parts of `HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/request, SignedHeaders=…, Signature=…`. */
export interface SignatureAuthorization {
  readonly accessKeyId: string;
  /** `YYYYMMDD`, the credential scope's date. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** As sent: lower-case names joined by `;`. */
  readonly signedHeaderList: string;
  /** 64 hex digits. */
  readonly signature: string;
}

/** Reads the Authorization header, or throws the gateway's error for a missing or malformed one. */
export function parseAuthorization(request: RawRequest): SignatureAuthorization {
  const authorization = headerValue(request, "authorization")?.trim();
  if (authorization === undefined || authorization === "") {
    throw gateway.missingAuthenticationToken();
  }
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) {
    throw gateway.missingSignature("expected HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId as string,
    scopeDate: scopeDate as string,
    region: region as string,
    service: service as string,
    signedHeaderList: signedHeaderList as string,
    signature: signature as string,
  };
}
