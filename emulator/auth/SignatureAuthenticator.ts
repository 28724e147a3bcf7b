import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { gateway } from "../http/ApiFailure";
import { REGION, SERVICE } from "../http/envelope";
import { headerValue, type RawRequest } from "../http/RawRequest";
import type { EmulatorCredentials, IAuthenticator } from "./IAuthenticator";

const AUTHORIZATION =
  /^HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})$/;
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

  authenticate(request: RawRequest): { accessKeyId: string } {
    const authorization = headerValue(request, "authorization")?.trim();
    if (authorization === undefined || authorization === "") {
      throw gateway.missingAuthenticationToken();
    }
    const match = AUTHORIZATION.exec(authorization);
    if (match === null) {
      throw gateway.missingSignature("expected HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
    }
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match as unknown as string[];
    const secret = this.secrets.get(accessKeyId as string);
    if (secret === undefined) {
      throw gateway.invalidAccessKey();
    }

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
    if (scopeDate !== xDate.slice(0, 8)) {
      throw gateway.signatureDoesNotMatch("credential scope date differs from X-Date");
    }
    if (region !== REGION || service !== SERVICE) {
      throw gateway.signatureDoesNotMatch(`credential scope must be <date>/${REGION}/${SERVICE}/request`);
    }

    const signedHeaders = (signedHeaderList as string).split(";");
    if (!signedHeaders.includes("x-date")) {
      throw gateway.signatureDoesNotMatch("x-date must be signed");
    }
    if (request.headers["x-security-token"] !== undefined && !signedHeaders.includes("x-security-token")) {
      throw gateway.signatureDoesNotMatch("x-security-token must be signed");
    }
    let canonicalHeaders = "";
    for (const name of signedHeaders) {
      const value = headerValue(request, name);
      if (value === undefined) {
        throw gateway.signatureDoesNotMatch(`signed header ${name} is missing`);
      }
      canonicalHeaders += `${name}:${name === "host" ? withoutDefaultPort(value.trim()) : value.trim()}\n`;
    }

    const bodyHash = createHash("sha256").update(request.body).digest("hex");
    const declaredHash = headerValue(request, "x-content-sha256")?.trim();
    if (declaredHash !== undefined && declaredHash.toLowerCase() !== bodyHash) {
      throw gateway.signatureDoesNotMatch("X-Content-Sha256 does not match the body");
    }

    const url = new URL(request.target, "http://emulator.invalid");
    let uri: string;
    let query: string;
    try {
      uri = canonicalUri(url.pathname);
      query = canonicalQuery(url.search);
    } catch {
      throw gateway.signatureDoesNotMatch("the request target has malformed percent-encoding");
    }
    const canonicalRequest = [
      request.method.toUpperCase(),
      uri,
      query,
      canonicalHeaders,
      signedHeaderList,
      bodyHash,
    ].join("\n");
    const scope = `${scopeDate}/${region}/${service}/request`;
    const stringToSign = `HMAC-SHA256\n${xDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    let key = hmac(Buffer.from(secret, "utf8"), scopeDate as string);
    for (const element of [region, service, "request"]) {
      key = hmac(key, element as string);
    }
    const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest();
    const provided = Buffer.from(signature as string, "hex");
    if (!timingSafeEqual(expected, provided)) {
      throw gateway.signatureDoesNotMatch("signature mismatch");
    }
    return { accessKeyId: accessKeyId as string };
  }
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Keys sorted by bytes, each value kept in the order received, RFC 3986-encoded; `+` is read as a space. */
function canonicalQuery(search: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const index = part.indexOf("=");
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
    pairs.push(index < 0 ? [decode(part), ""] : [decode(part.slice(0, index)), decode(part.slice(index + 1))]);
  }
  const order = [...new Set(pairs.map(([key]) => key))].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return order
    .flatMap((key) =>
      pairs.filter(([candidate]) => candidate === key).map(([, value]) => `${rfc3986(key)}=${rfc3986(value)}`),
    )
    .join("&");
}

function canonicalUri(path: string): string {
  if (path === "" || path === "/") return "/";
  return path
    .split("/")
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join("/");
}

function withoutDefaultPort(host: string): string {
  return host.replace(/:(80|443)$/, "");
}
