import { generateSigningRequests } from "../../bench/generateSigningRequests";
import { assertSameAuthorization } from "../../bench/signerBenchmark";
import { signWithOfficialSdk } from "../../bench/signWithOfficialSdk";
import { signRequest } from "../../provider/signer/signRequest";
import { parseAuthorization, V3 } from "../signer/vectors.fixture";

/** The signer benchmark's correctness gate: it must compare real signatures from both signers. */

const cases = generateSigningRequests(1000);

it("signs through the official SDK as its Node vector says (V3, SDK header rule)", () => {
  const headers = signWithOfficialSdk(
    { method: "POST", path: "/", query: V3.query, headers: { Host: V3.headers.Host }, body: V3.body },
    { credentials: V3.credentials, region: V3.region, service: V3.service, date: V3.date },
  );
  const authorization = parseAuthorization(headers.Authorization as string);
  expect(authorization.signedHeaders).toBe(V3.nodeSdkSignedHeaders);
  expect(authorization.signature).toBe(V3.nodeSdkSignature);
});

it("passes when both signers agree on all 1,000 generated requests", () => {
  expect(() => assertSameAuthorization(cases)).not.toThrow();
});

it("fails on a single differing signature", () => {
  let calls = 0;
  const offByOne: typeof signRequest = (request, options) => {
    const headers = signRequest(request, options);
    if (calls++ === 417) {
      const authorization = headers.Authorization as string;
      headers.Authorization = `${authorization.slice(0, -1)}${authorization.endsWith("0") ? "1" : "0"}`;
    }
    return headers;
  };
  expect(() => assertSameAuthorization(cases, offByOne)).toThrow(/request 417/);
});

it("covers what the issue asks for: session tokens both ways, empty to multi-KB bodies, non-ASCII", () => {
  const bodies = cases.map((signingCase) => signingCase.request.body as string);
  expect(cases.filter((signingCase) => signingCase.credentials.sessionToken !== undefined).length).toBeGreaterThan(300);
  expect(cases.filter((signingCase) => signingCase.credentials.sessionToken === undefined).length).toBeGreaterThan(300);
  expect(bodies.some((body) => body === "")).toBe(true);
  expect(Math.max(...bodies.map((body) => Buffer.byteLength(body)))).toBeGreaterThan(3000);
  expect(bodies.some((body) => Buffer.byteLength(body) > body.length)).toBe(true);
  expect(new Set(cases.map((signingCase) => signingCase.request.query.Action)).size).toBe(10);
});
