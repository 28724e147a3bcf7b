/**
 * Builds and sends Volcengine HMAC-SHA256 signed requests by hand, from the signing documentation only (node:crypto + node:http).
 * Deliberately shares no code with provider/ or the emulator's authenticators: it is the independent second
 * implementation the emulator's verifier is tested against, and it can produce every kind of wrong request.
 */
import { createHash, createHmac } from "node:crypto";
import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request as httpRequest } from "node:http";

export const API_VERSION = "2023-01-01";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/** What the Go and Python SDKs sign for a JSON POST (read in their sources). */
export const GO_SIGNED_HEADERS = ["content-type", "host", "x-content-sha256", "x-date"] as const;
/** What the Node SDK signs for a JSON POST when the caller does not set Host (read in their sources). */
export const NODE_SIGNED_HEADERS = ["x-content-sha256", "x-date"] as const;

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SignatureInput {
  readonly method: string;
  /** Default "/". */
  readonly path?: string;
  /** Query pairs in the order sent; repeated keys keep their order. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Exactly the headers to sign: name (any case) → value as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (the X-Content-Sha256 value). */
  readonly payloadHash: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly xDate: string;
  readonly credentials: SigningCredentials;
  /** Default cn-north-1. */
  readonly region?: string;
  /** Default live. */
  readonly service?: string;
}

export interface SignatureParts {
  readonly canonicalRequest: string;
  readonly canonicalRequestHash: string;
  readonly stringToSign: string;
  readonly signingKey: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly authorization: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 percent-encoding: only `A-Za-z0-9-_.~` stay literal, hex upper-case, space is `%20`. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Keys sorted by bytes (stable, so repeated keys keep their order), names and values RFC 3986-encoded. */
export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")))
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .join("&");
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatXDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** The signing algorithm's steps 3–6: string to sign, signing key, signature, header. */
export function sign(input: SignatureInput): SignatureParts {
  const region = input.region ?? "cn-north-1";
  const service = input.service ?? "live";
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(";");
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join("");
  const path = input.path ?? "/";
  const canonicalUri = path === "/" ? "/" : path.split("/").map(rfc3986).join("/");
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  const canonicalRequestHash = sha256Hex(canonicalRequest);
  const shortDate = input.xDate.slice(0, 8);
  const scope = `${shortDate}/${region}/${service}/request`;
  const stringToSign = ["HMAC-SHA256", input.xDate, scope, canonicalRequestHash].join("\n");
  const kDate = hmac(Buffer.from(input.credentials.secretAccessKey, "utf8"), shortDate);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, "request");
  const signature = hmac(kSigning, stringToSign).toString("hex");
  return {
    canonicalRequest,
    canonicalRequestHash,
    stringToSign,
    signingKey: kSigning.toString("hex"),
    signedHeaders,
    signature,
    authorization: `HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export interface RawSignedRequestOptions {
  /** The emulator's base URL, e.g. `http://127.0.0.1:1234`. */
  readonly url: string;
  /** Needed unless `authorization` replaces or omits the header. */
  readonly credentials?: SigningCredentials;
  /** Default POST. */
  readonly method?: string;
  /** The Host header sent and signed; default the URL's host:port. */
  readonly host?: string;
  /** The Action query parameter; omitted when undefined. */
  readonly action?: string;
  /** The Version query parameter; default 2023-01-01, null omits it. */
  readonly version?: string | null;
  /** More query pairs, after Action and Version. */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** The body signed (and sent, unless `sentBody` says otherwise): a string as is, anything else as JSON. Default "". */
  readonly body?: unknown;
  /** Tampering: send these bytes instead of the signed body. */
  readonly sentBody?: string;
  /** "go" (default): content-type;host;x-content-sha256;x-date. "node": x-content-sha256;x-date. Or any names. */
  readonly signedHeaders?: "go" | "node" | readonly string[];
  /** Sent as X-Security-Token, and signed unless `signSessionToken` is false. */
  readonly sessionToken?: string;
  readonly signSessionToken?: boolean;
  /** Default now. */
  readonly xDate?: string | Date;
  /** Default application/json; null sends no Content-Type. */
  readonly contentType?: string | null;
  /** Sent and signed as X-Content-Sha256 instead of the body's hash; null sends none (the body hash is still signed). */
  readonly contentSha256?: string | null;
  /** Tampering after signing: set (string) or remove (null) headers. Names are lower-case. */
  readonly headerOverrides?: Readonly<Record<string, string | null>>;
  /** Replace the Authorization header with this value, or send none (null). */
  readonly authorization?: string | null;
  readonly region?: string;
  readonly service?: string;
}

export interface ResponseEnvelope {
  ResponseMetadata?: {
    RequestId?: string;
    Action?: string;
    Version?: string;
    Service?: string;
    Region?: string;
    Error?: { Code?: string; CodeN?: number; Message?: string };
  };
  Result?: Record<string, unknown>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: ResponseEnvelope | undefined;
}

/** Builds, signs and sends one request; resolves with whatever came back (any status). */
export function rawSignedRequest(options: RawSignedRequestOptions): Promise<RawResponse> {
  const base = new URL(options.url);
  const method = options.method ?? "POST";
  const query: Array<readonly [string, string]> = [];
  if (options.action !== undefined) query.push(["Action", options.action]);
  const version = options.version === undefined ? API_VERSION : options.version;
  if (version !== null) query.push(["Version", version]);
  query.push(...(options.query ?? []));

  const signedBody =
    options.body === undefined ? "" : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const sentBody = Buffer.from(options.sentBody ?? signedBody, "utf8");
  const payloadHash =
    typeof options.contentSha256 === "string" ? options.contentSha256 : sha256Hex(Buffer.from(signedBody, "utf8"));
  const xDate =
    options.xDate === undefined
      ? formatXDate(new Date())
      : typeof options.xDate === "string"
        ? options.xDate
        : formatXDate(options.xDate);

  const headers: Record<string, string> = { host: options.host ?? base.host, "x-date": xDate };
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  if (options.contentSha256 !== null) headers["x-content-sha256"] = payloadHash;
  if (options.sessionToken !== undefined) headers["x-security-token"] = options.sessionToken;

  const requested =
    options.signedHeaders === undefined || options.signedHeaders === "go"
      ? [...GO_SIGNED_HEADERS]
      : options.signedHeaders === "node"
        ? [...NODE_SIGNED_HEADERS]
        : options.signedHeaders.map((name) => name.toLowerCase());
  if (options.sessionToken !== undefined && options.signSessionToken !== false) requested.push("x-security-token");
  // Only headers actually sent can be signed (as the SDKs do: an absent X-Content-Sha256 is not listed).
  const toSign: Record<string, string> = {};
  for (const name of requested) {
    const value = headers[name];
    if (value !== undefined) toSign[name] = value;
  }

  const queryString = query.map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`).join("&");
  if (options.authorization === undefined) {
    if (options.credentials === undefined) throw new Error("rawSignedRequest: credentials are required to sign");
    headers.authorization = sign({
      method,
      query,
      headers: toSign,
      payloadHash,
      xDate,
      credentials: options.credentials,
      region: options.region,
      service: options.service,
    }).authorization;
  } else if (options.authorization !== null) {
    headers.authorization = options.authorization;
  }
  for (const [name, value] of Object.entries(options.headerOverrides ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }

  const outgoing: OutgoingHttpHeaders = { ...headers, "content-length": String(sentBody.length) };
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: queryString === "" ? "/" : `/?${queryString}`,
        headers: outgoing,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: ResponseEnvelope | undefined;
          try {
            json = JSON.parse(text) as ResponseEnvelope;
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.setTimeout(10_000, () => request.destroy(new Error("rawSignedRequest: no answer within 10 s")));
    request.on("error", reject);
    request.end(sentBody);
  });
}
