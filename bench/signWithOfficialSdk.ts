// The SDK's own module, not its index: the index loads every Volcengine service client.
import Signer from "@volcengine/openapi/lib/base/sign";
import type { SignableRequest, SigningOptions } from "../provider/signer/signRequest";

/**
 * Signs a request with the official `@volcengine/openapi` Signer, as its Service does for each call (one Signer per
 * request, `addAuthorization`), and returns the headers to send. The Signer mutates the request it is given, so it
 * gets fresh copies; the caller's objects are left alone, as with our signRequest.
 */
export function signWithOfficialSdk(request: SignableRequest, options: SigningOptions): Record<string, string> {
  if (typeof request.body !== "string") {
    // The SDK would JSON.stringify a byte body instead of hashing its bytes.
    throw new TypeError("signWithOfficialSdk signs string bodies only");
  }
  const sdkRequest = {
    region: options.region,
    method: request.method,
    pathname: request.path,
    params: { ...request.query },
    headers: { ...request.headers },
    body: request.body,
  };
  const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
  new Signer(sdkRequest, options.service).addAuthorization(
    { accessKeyId, secretKey: secretAccessKey, sessionToken },
    options.date,
  );
  return sdkRequest.headers as Record<string, string>;
}
