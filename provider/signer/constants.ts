/** Names and fixed strings of Volcengine's HMAC-SHA256 request signing. */
export const ALGORITHM = "HMAC-SHA256";
/** The last element of the credential scope and of the key derivation. */
export const SCOPE_TERMINATOR = "request";

export const AUTHORIZATION_HEADER = "Authorization";
export const DATE_HEADER = "X-Date";
export const CONTENT_SHA256_HEADER = "X-Content-Sha256";
export const SECURITY_TOKEN_HEADER = "X-Security-Token";

/** Headers signed besides every `x-*` header: the Go and Python SDK set. */
export const ALWAYS_SIGNED_HEADERS: ReadonlySet<string> = new Set(["content-type", "content-md5", "host"]);

/** SHA-256 of the empty string, the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
