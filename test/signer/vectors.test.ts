import { EMPTY_BODY_SHA256 } from "../../provider/signer/constants";
import { createCanonicalRequest } from "../../provider/signer/createCanonicalRequest";
import { createSignature } from "../../provider/signer/createSignature";
import { createStringToSign } from "../../provider/signer/createStringToSign";
import { getCanonicalHeaders } from "../../provider/signer/getCanonicalHeaders";
import { getCanonicalQuery } from "../../provider/signer/getCanonicalQuery";
import { getCanonicalUri } from "../../provider/signer/getCanonicalUri";
import { getCredentialScope } from "../../provider/signer/getCredentialScope";
import { getPayloadHash } from "../../provider/signer/getPayloadHash";
import { getSigningKey } from "../../provider/signer/getSigningKey";
import { signRequest } from "../../provider/signer/signRequest";
import { parseAuthorization, V1, V2, V3, V4 } from "./vectors.fixture";

describe("published vector V1 (signing guide demo)", () => {
  const shortDate = V1.xDate.slice(0, 8);
  const { canonicalHeaders, signedHeaders } = getCanonicalHeaders({ Host: V1.host, "X-Date": V1.xDate });
  const canonicalRequest = createCanonicalRequest({
    method: "GET",
    canonicalUri: getCanonicalUri("/"),
    canonicalQuery: getCanonicalQuery(V1.query),
    canonicalHeaders,
    signedHeaders,
    payloadHash: getPayloadHash(""),
  });

  it("builds the canonical request byte for byte", () => {
    expect(canonicalRequest).toBe(V1.canonicalRequest);
  });

  it("puts the published hash of the canonical request last in the string to sign", () => {
    const stringToSign = createStringToSign(
      V1.xDate,
      getCredentialScope(shortDate, V1.region, V1.service),
      canonicalRequest,
    );
    expect(stringToSign.split("\n").at(-1)).toBe(V1.canonicalRequestHash);
  });

  it("derives the published signing key", () => {
    expect(getSigningKey(V1.secretAccessKey, shortDate, V1.region, V1.service).toString("hex")).toBe(V1.signingKey);
  });

  it("produces the published signature", () => {
    const scope = getCredentialScope(shortDate, V1.region, V1.service);
    const stringToSign = createStringToSign(V1.xDate, scope, canonicalRequest);
    const key = getSigningKey(V1.secretAccessKey, shortDate, V1.region, V1.service);
    expect(createSignature(key, stringToSign)).toBe(V1.signature);
  });
});

describe("SDK-computed vectors through signRequest", () => {
  it("V2: GET with an empty body signs host, x-content-sha256 and x-date", () => {
    const headers = signRequest(
      { method: "GET", path: "/", query: V2.query, headers: { Host: V2.host }, body: "" },
      { credentials: V2.credentials, region: V2.region, service: V2.service, date: V2.date },
    );
    expect(headers["X-Date"]).toBe("20211228T172326Z");
    expect(headers["X-Content-Sha256"]).toBe(EMPTY_BODY_SHA256);
    const auth = parseAuthorization(headers.Authorization as string);
    expect(auth.credential).toBe("ak/20211228/cn-north-1/iam/request");
    expect(auth.signedHeaders).toBe(V2.signedHeaders);
    expect(auth.signature).toBe(V2.signature);
  });

  it("V3: a live JSON POST signs content-type with the Go/Python header set", () => {
    const headers = signRequest(
      { method: "POST", path: "/", query: V3.query, headers: V3.headers, body: V3.body },
      { credentials: V3.credentials, region: V3.region, service: V3.service, date: V3.date },
    );
    expect(headers["X-Content-Sha256"]).toBe(V3.bodySha256);
    const auth = parseAuthorization(headers.Authorization as string);
    expect(auth.signedHeaders).toBe(V3.signedHeaders);
    expect(auth.signature).toBe(V3.signature);
    expect(headers.Authorization).toBe(
      `HMAC-SHA256 Credential=AKLTexampleAccessKeyId/20250101/cn-north-1/live/request, SignedHeaders=${V3.signedHeaders}, Signature=${V3.signature}`,
    );
  });

  it("V3: the same request body as bytes signs identically", () => {
    const headers = signRequest(
      { method: "POST", path: "/", query: V3.query, headers: V3.headers, body: new TextEncoder().encode(V3.body) },
      { credentials: V3.credentials, region: V3.region, service: V3.service, date: V3.date },
    );
    expect(parseAuthorization(headers.Authorization as string).signature).toBe(V3.signature);
  });

  it("V3 with the Node SDK's header rule (content-type unsigned) matches the Node SDK signature", () => {
    const xDate = "20250101T000000Z";
    const { canonicalHeaders, signedHeaders } = getCanonicalHeaders(
      { ...V3.headers, "X-Date": xDate, "X-Content-Sha256": V3.bodySha256 },
      (name) => name !== "content-type",
    );
    expect(signedHeaders).toBe(V3.nodeSdkSignedHeaders);
    const canonicalRequest = createCanonicalRequest({
      method: "POST",
      canonicalUri: "/",
      canonicalQuery: getCanonicalQuery(V3.query),
      canonicalHeaders,
      signedHeaders,
      payloadHash: getPayloadHash(V3.body),
    });
    const scope = getCredentialScope("20250101", V3.region, V3.service);
    const key = getSigningKey(V3.credentials.secretAccessKey, "20250101", V3.region, V3.service);
    expect(createSignature(key, createStringToSign(xDate, scope, canonicalRequest))).toBe(V3.nodeSdkSignature);
  });

  it("V4: a session token is sent and signed, reserved query characters are RFC 3986-encoded", () => {
    expect(getCanonicalQuery(V4.query)).toBe(V4.canonicalQuery);
    const headers = signRequest(
      { method: "POST", path: "/", query: V4.query, headers: V4.headers, body: "" },
      { credentials: V4.credentials, region: V4.region, service: V4.service, date: V4.date },
    );
    expect(headers["X-Security-Token"]).toBe("STS2exampleToken");
    const auth = parseAuthorization(headers.Authorization as string);
    expect(auth.signedHeaders).toBe(V4.signedHeaders);
    expect(auth.signature).toBe(V4.signature);
  });
});
