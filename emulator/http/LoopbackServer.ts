import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { isLoopbackAddress } from "./isLoopbackAddress";
import { type ReceivedBody, readRequestBody } from "./readRequestBody";

export type BodyHandler = (request: IncomingMessage, body: ReceivedBody, response: ServerResponse) => void;

/**
 * An HTTP server on a loopback address that hands each request over with its body read, and whose stop also closes
 * idle keep-alive connections, so a test's emulator stops at once.
 */
export class LoopbackServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(handle: BodyHandler) {
    this.server = createServer((request, response) => {
      readRequestBody(request, (body) => handle(request, body, response));
    });
    this.server.keepAliveTimeout = 65_000;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Throws for a host that is not loopback: the control API is unauthenticated. */
  static requireLoopbackHost(host: string): void {
    if (!isLoopbackAddress(host) && host !== "localhost") {
      throw new Error(`the emulator listens on loopback only (got host ${host})`);
    }
  }

  /** Starts listening; resolves to `http://<host>:<port>` with the port actually bound. */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const bound = (this.server.address() as AddressInfo).port;
    return `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
