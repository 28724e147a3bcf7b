import type { IncomingHttpHeaders } from "node:http";

/** A request as received, before any interpretation: what authenticators and handlers work from. */
export interface RawRequest {
  readonly method: string;
  /** The request target as sent, e.g. `/?Action=ListRelaySourceV4&Version=2023-01-01`. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** The body, cut at MAX_BODY_BYTES when `bodyTooLarge`. */
  readonly body: Buffer;
  readonly bodyTooLarge: boolean;
  readonly receivedAt: Date;
}

export function headerValue(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
