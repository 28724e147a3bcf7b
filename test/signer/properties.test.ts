import fc from "fast-check";
import { escapeUri } from "../../provider/signer/escapeUri";
import { getCanonicalQuery } from "../../provider/signer/getCanonicalQuery";
import { type SignableRequest, signRequest } from "../../provider/signer/signRequest";
import { parseAuthorization } from "./vectors.fixture";

const options = {
  credentials: { accessKeyId: "AKLTproperty", secretAccessKey: "property-secret" },
  region: "cn-north-1",
  service: "live",
  date: new Date("2025-03-04T05:06:07Z"),
};

const queryArbitrary = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(fc.string({ maxLength: 16 }), fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 })),
  { maxKeys: 6 },
);
const headerNameArbitrary = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const headersArbitrary = fc
  .dictionary(headerNameArbitrary, fc.stringMatching(/^[ -~]{0,20}$/), { maxKeys: 5 })
  .map((headers) => uniqueByLowerCase({ Host: "live.volcengineapi.com", ...headers }));
const requestArbitrary: fc.Arbitrary<SignableRequest> = fc.record({
  method: fc.constantFrom("GET", "POST"),
  path: fc.constant("/"),
  query: queryArbitrary,
  headers: headersArbitrary,
  body: fc.string({ maxLength: 64 }),
});

function signatureOf(request: SignableRequest): string {
  return parseAuthorization(signRequest(request, options).Authorization as string).signature;
}

function uniqueByLowerCase(headers: Record<string, string>): Record<string, string> {
  const seen = new Set<string>();
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (
      !seen.has(name.toLowerCase()) &&
      !["authorization", "x-date", "x-content-sha256"].includes(name.toLowerCase())
    ) {
      seen.add(name.toLowerCase());
      result[name] = value;
    }
  }
  return result;
}

function reversedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).reverse());
}

describe("signRequest invariants", () => {
  it("does not depend on the insertion order of query keys or headers", () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const reordered = { ...request, query: reversedKeys(request.query), headers: reversedKeys(request.headers) };
        expect(signatureOf(reordered)).toBe(signatureOf(request));
      }),
    );
  });

  it("does not depend on the case of header names", () => {
    fc.assert(
      fc.property(requestArbitrary, fc.boolean(), (request, upper) => {
        const recased = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            upper ? name.toUpperCase() : name.toLowerCase(),
            value,
          ]),
        );
        expect(signatureOf({ ...request, headers: recased })).toBe(signatureOf(request));
      }),
    );
  });

  it("ignores surrounding whitespace in header values", () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const padded = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, ` ${value}\t`]),
        );
        expect(signatureOf({ ...request, headers: padded })).toBe(signatureOf(request));
      }),
    );
  });

  it("changes when the body, a query value or a signed header changes", () => {
    fc.assert(
      fc.property(requestArbitrary, fc.string({ minLength: 1, maxLength: 8 }), (request, extra) => {
        const original = signatureOf(request);
        expect(signatureOf({ ...request, body: `${request.body}${extra}` })).not.toBe(original);
        expect(signatureOf({ ...request, query: { ...request.query, zzz: extra } })).not.toBe(original);
        expect(signatureOf({ ...request, headers: { ...request.headers, "X-Extra": `v${extra}` } })).not.toBe(original);
      }),
    );
  });

  it("keeps the values of a repeated query key in the order given", () => {
    expect(getCanonicalQuery({ k: ["b", "a"], a: "1" })).toBe("a=1&k=b&k=a");
    expect(getCanonicalQuery({ k: ["a", "b"] })).not.toBe(getCanonicalQuery({ k: ["b", "a"] }));
  });

  it("does not mutate its arguments and returns every header it was given", () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const snapshot = structuredClone(request);
        const optionsSnapshot = structuredClone(options);
        const headers = signRequest(request, options);
        expect(request).toEqual(snapshot);
        expect(options).toEqual(optionsSnapshot);
        for (const [name, value] of Object.entries(request.headers)) {
          expect(headers[name]).toBe(value);
        }
      }),
    );
  });

  it("replaces caller-supplied date, hash and authorization headers instead of sending them twice", () => {
    const headers = signRequest(
      {
        method: "POST",
        path: "/",
        query: {},
        headers: { host: "h", "x-date": "stale", authorization: "old", "x-content-sha256": "bogus" },
        body: "{}",
      },
      options,
    );
    expect(Object.keys(headers).map((name) => name.toLowerCase())).toEqual([
      "host",
      "x-date",
      "x-content-sha256",
      "authorization",
    ]);
    expect(headers["X-Date"]).toBe("20250304T050607Z");
  });
});

describe("escapeUri (RFC 3986)", () => {
  it("leaves only unreserved characters unescaped and round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 24 }), (value) => {
        const escaped = escapeUri(value);
        expect(escaped).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(escaped)).toBe(value);
      }),
    );
  });

  it("encodes a space as %20 and * as %2A", () => {
    expect(escapeUri("a b*")).toBe("a%20b%2A");
  });
});
