/** Signing test vectors: V1 is published by Volcengine, V2–V4 agree across two official SDKs. */
export const V1 = {
  accessKeyId: "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg",
  secretAccessKey: "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==",
  xDate: "20240619T071306Z",
  region: "cn-beijing",
  service: "iam",
  query: { Action: "ListUsers", Version: "2018-01-01", Limit: "10", Offset: "0" },
  host: "iam.volcengineapi.com",
  canonicalRequest: [
    "GET",
    "/",
    "Action=ListUsers&Limit=10&Offset=0&Version=2018-01-01",
    "host:iam.volcengineapi.com",
    "x-date:20240619T071306Z",
    "",
    "host;x-date",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  ].join("\n"),
  canonicalRequestHash: "5ed5bca3905e1fcbf789abb56a17c2d819674a3bcfa468ae476bd1ea80d135cb",
  signingKey: "abee62e533a58934c49954459a3c3237d2fccea517c9a7c8a2651d8ea7779826",
  signature: "e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93",
};

export const V2 = {
  credentials: { accessKeyId: "ak", secretAccessKey: "sk" },
  date: new Date(1640712206 * 1000),
  region: "cn-north-1",
  service: "iam",
  query: { Action: "ListUsers", Limit: "5", Offset: "0", Version: "2018-01-01" },
  host: "open.volcengineapi.com",
  signedHeaders: "host;x-content-sha256;x-date",
  signature: "4f5b9d2b436092f11a41b5ad0d6eb6a868b30bd3955f480fa1d6bf1ed3073eba",
};

export const V3 = {
  credentials: { accessKeyId: "AKLTexampleAccessKeyId", secretAccessKey: "exampleSecretAccessKey==" },
  date: new Date("2025-01-01T00:00:00Z"),
  region: "cn-north-1",
  service: "live",
  query: { Action: "DescribeCallback", Version: "2023-01-01" },
  headers: { Host: "live.volcengineapi.com", "Content-Type": "application/json" },
  body: '{"Vhost":"push.example.com","App":"live","MessageType":"push"}',
  bodySha256: "82392d1ae55a80125a8cbbe0c88edd3cd8e7b2911291d4dd0c40381944911b24",
  signedHeaders: "content-type;host;x-content-sha256;x-date",
  signature: "d74d4ffd3b969923cec246ad50200a6e7472437d2d50595b8d2ab292fabcac8a",
  nodeSdkSignedHeaders: "host;x-content-sha256;x-date",
  nodeSdkSignature: "c3f0b0fb0415761db2f8dc018a516f1268206342ac45e8836d0c9058dfe3e260",
};

export const V4 = {
  credentials: { ...V3.credentials, sessionToken: "STS2exampleToken" },
  date: V3.date,
  region: "cn-north-1",
  service: "live",
  query: { Version: "2023-01-01", Action: "ListRelaySourceV4", Note: "a b*c~d/e:f+g!'()" },
  headers: {
    Host: "live.volcengineapi.com",
    "Content-Type": "application/json; charset=utf-8",
    "X-Content-Sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  },
  canonicalQuery: "Action=ListRelaySourceV4&Note=a%20b%2Ac~d%2Fe%3Af%2Bg%21%27%28%29&Version=2023-01-01",
  signedHeaders: "content-type;host;x-content-sha256;x-date;x-security-token",
  signature: "8b9846f3ee23d984a8c428f621c34efc592ae6e7afcf50969b75da54d5f9d016",
};

export function parseAuthorization(value: string): { credential: string; signedHeaders: string; signature: string } {
  const match = /^HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(value);
  if (match === null) {
    throw new Error(`not a Volcengine Authorization header: ${value}`);
  }
  return { credential: match[1] as string, signedHeaders: match[2] as string, signature: match[3] as string };
}
