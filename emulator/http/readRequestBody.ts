import type { IncomingMessage } from "node:http";

/** The largest body the emulator keeps; bytes past it are read and discarded. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Collects the request body, up to MAX_BODY_BYTES, and hands it over once the request has ended. */
export function readRequestBody(request: IncomingMessage, onBody: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on("end", () => onBody(Buffer.concat(chunks)));
}
