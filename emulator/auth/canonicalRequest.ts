import { createHash } from "node:crypto";
import { gateway } from "../http/ApiFailure";
import { headerValue, type RawRequest } from "../http/RawRequest";

/**
 * The canonical request, rebuilt from the raw request over exactly the headers the client signed: method, URI, query,
 * headers, signed header list and body hash, one per line. Throws SignatureDoesNotMatch for a signed header that is
 * missing, an X-Content-Sha256 that differs from the body, or a target with malformed percent-encoding.
 */
export function canonicalRequest(request: RawRequest, signedHeaderList: string): string {
  const headers = canonicalHeaders(request, signedHeaderList.split(";"));
  const bodyHash = createHash("sha256").update(request.body).digest("hex");
  const declaredHash = headerValue(request, "x-content-sha256")?.trim();
  if (declaredHash !== undefined && declaredHash.toLowerCase() !== bodyHash) {
    throw gateway.signatureDoesNotMatch("X-Content-Sha256 does not match the body");
  }
  const { uri, query } = canonicalTarget(request.target);
  return [request.method.toUpperCase(), uri, query, headers, signedHeaderList, bodyHash].join("\n");
}

function canonicalHeaders(request: RawRequest, signedHeaders: readonly string[]): string {
  let lines = "";
  for (const name of signedHeaders) {
    const value = headerValue(request, name);
    if (value === undefined) {
      throw gateway.signatureDoesNotMatch(`signed header ${name} is missing`);
    }
    lines += `${name}:${name === "host" ? withoutDefaultPort(value.trim()) : value.trim()}\n`;
  }
  return lines;
}

function canonicalTarget(target: string): { uri: string; query: string } {
  const url = new URL(target, "http://emulator.invalid");
  try {
    return { uri: canonicalUri(url.pathname), query: canonicalQuery(url.search) };
  } catch {
    throw gateway.signatureDoesNotMatch("the request target has malformed percent-encoding");
  }
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
