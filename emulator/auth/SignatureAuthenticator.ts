import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { gateway } from "../http/ApiFailure";
import { REGION, SERVICE } from "../http/envelope";
import { headerValue, type RawRequest } from "../http/RawRequest";
import { canonicalRequest } from "./canonicalRequest";
import type { EmulatorCredentials, IAuthenticator } from "./IAuthenticator";
import { parseAuthorization, type SignatureAuthorization } from "./parseAuthorization";

const X_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Verifies Volcengine HMAC-SHA256 signatures as the gateway does: the canonical request is rebuilt
 * from the raw request over exactly the SignedHeaders the client listed, so both the Go/Python header set and the
 * Node SDK's `x-content-sha256;x-date` are accepted. Written from the signing documentation, independently of any client.
 */
export class SignatureAuthenticator implements IAuthenticator {
  private readonly secrets: Map<string, string>;

  constructor(
    credentials: readonly EmulatorCredentials[],
    private readonly now: () => number = Date.now,
  ) {
    this.secrets = new Map(credentials.map((credential) => [credential.accessKeyId, credential.secretAccessKey]));
  }

  /** Checks in the gateway's order, so a request with several faults gets the same error as from the service. */
  authenticate(request: RawRequest): { accessKeyId: string } {
    const authorization = parseAuthorization(request);
    const secret = this.secrets.get(authorization.accessKeyId);
    if (secret === undefined) {
      throw gateway.invalidAccessKey();
    }
    const xDate = this.freshXDate(request);
    checkCredentialScope(authorization, xDate);
    checkSignedHeaderSet(request, authorization.signedHeaderList.split(";"));
    const expected = expectedSignature(
      secret,
      authorization,
      xDate,
      canonicalRequest(request, authorization.signedHeaderList),
    );
    if (!timingSafeEqual(expected, Buffer.from(authorization.signature, "hex"))) {
      throw gateway.signatureDoesNotMatch("signature mismatch");
    }
    return { accessKeyId: authorization.accessKeyId };
  }

  /** The X-Date header, which must be present, well-formed and within 15 minutes of the gateway's clock. */
  private freshXDate(request: RawRequest): string {
    const xDate = headerValue(request, "x-date")?.trim();
    if (xDate === undefined) {
      throw gateway.missingRequestInfo("the X-Date header");
    }
    const parts = X_DATE.exec(xDate);
    if (parts === null) {
      throw gateway.missingRequestInfo("a valid X-Date (YYYYMMDDTHHMMSSZ)");
    }
    const [, year, month, day, hour, minute, second] = parts.map(Number) as number[];
    const signedAt = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
    if (Math.abs(this.now() - signedAt) > MAX_SKEW_MS) {
      throw gateway.invalidTimestamp(xDate);
    }
    return xDate;
  }
}

function checkCredentialScope(authorization: SignatureAuthorization, xDate: string): void {
  if (authorization.scopeDate !== xDate.slice(0, 8)) {
    throw gateway.signatureDoesNotMatch("credential scope date differs from X-Date");
  }
  if (authorization.region !== REGION || authorization.service !== SERVICE) {
    throw gateway.signatureDoesNotMatch(`credential scope must be <date>/${REGION}/${SERVICE}/request`);
  }
}

/** X-Date, and a session token when one is sent, must be covered by the signature. */
function checkSignedHeaderSet(request: RawRequest, signedHeaders: readonly string[]): void {
  if (!signedHeaders.includes("x-date")) {
    throw gateway.signatureDoesNotMatch("x-date must be signed");
  }
  if (request.headers["x-security-token"] !== undefined && !signedHeaders.includes("x-security-token")) {
    throw gateway.signatureDoesNotMatch("x-security-token must be signed");
  }
}

function expectedSignature(
  secret: string,
  authorization: SignatureAuthorization,
  xDate: string,
  canonical: string,
): Buffer {
  const { scopeDate, region, service } = authorization;
  const scope = `${scopeDate}/${region}/${service}/request`;
  const stringToSign = `HMAC-SHA256\n${xDate}\n${scope}\n${sha256Hex(canonical)}`;
  let key = hmac(Buffer.from(secret, "utf8"), scopeDate);
  for (const element of [region, service, "request"]) {
    key = hmac(key, element);
  }
  return hmac(key, stringToSign);
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
