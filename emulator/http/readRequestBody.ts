import type { IncomingMessage } from "node:http";

/** The largest body the emulator accepts; bytes past it are read and discarded, and the request refused. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ReceivedBody {
  /** The body, or its first MAX_BODY_BYTES when it is larger. */
  readonly bytes: Buffer;
  /** The body was larger than MAX_BODY_BYTES: `bytes` is cut and must not be read as the request. */
  readonly tooLarge: boolean;
}

/** Collects the request body, up to MAX_BODY_BYTES, and hands it over once the request has ended. */
export function readRequestBody(request: IncomingMessage, onBody: (body: ReceivedBody) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    if (size + chunk.length <= MAX_BODY_BYTES) chunks.push(chunk);
    size += chunk.length;
  });
  request.on("end", () => onBody({ bytes: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
}
