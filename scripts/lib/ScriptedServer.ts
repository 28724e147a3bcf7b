import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly receivedAt: number;
  /** The client's port: equal ports mean one reused connection. */
  readonly remotePort: number;
}

export type Reply =
  | { status?: number; headers?: Record<string, string>; body?: unknown; raw?: string; delayMs?: number }
  /** Close the connection after reading the request, sending nothing. */
  | "drop"
  /** Never answer (until the server stops). */
  | "hang";

export type Responder = (request: RecordedRequest) => Reply;

/**
 * A real HTTP server on 127.0.0.1:0 that answers from a script: each request takes the next responder, and the
 * last one repeats. Records every request byte for byte. Used to drive the client through real sockets.
 */
export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  private responders: Responder[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  url = "";

  static async start(): Promise<ScriptedServer> {
    const scripted = new ScriptedServer();
    await scripted.listen();
    return scripted;
  }

  /** Replaces the script. */
  script(...responders: Array<Responder | Reply>): this {
    this.responders = responders.map((responder) => (typeof responder === "function" ? responder : () => responder));
    return this;
  }

  reset(): this {
    this.requests.length = 0;
    this.responders = [];
    return this;
  }

  private async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const recorded: RecordedRequest = {
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks),
          receivedAt: performance.now(),
          remotePort: request.socket.remotePort ?? 0,
        };
        this.requests.push(recorded);
        const responder =
          this.responders.length > 1 ? (this.responders.shift() as Responder) : (this.responders[0] ?? okReply);
        this.answer(responder(recorded), response);
      });
    });
    this.server.keepAliveTimeout = 10_000;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  private answer(reply: Reply, response: ServerResponse): void {
    if (reply === "drop") {
      response.socket?.destroy();
      return;
    }
    if (reply === "hang") {
      this.hanging.add(response);
      return;
    }
    const send = () => {
      const text = reply.raw ?? JSON.stringify(reply.body ?? envelope("Unknown"));
      response.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      response.end(text);
    };
    if (reply.delayMs) {
      setTimeout(send, reply.delayMs);
    } else {
      send();
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** A success envelope as the service sends it. */
export function envelope(action: string, result?: unknown): Record<string, unknown> {
  const metadata = {
    RequestId: `req-${action}`,
    Action: action,
    Version: "2023-01-01",
    Service: "live",
    Region: "cn-north-1",
  };
  return result === undefined ? { ResponseMetadata: metadata } : { ResponseMetadata: metadata, Result: result };
}

/** An error envelope: `ResponseMetadata.Error{Code, Message[, CodeN]}`. */
export function errorEnvelope(action: string, code: string, message: string, codeN?: number): Record<string, unknown> {
  return {
    ResponseMetadata: {
      RequestId: `req-${action}-err`,
      Action: action,
      Version: "2023-01-01",
      Service: "live",
      Region: "cn-north-1",
      Error: codeN === undefined ? { Code: code, Message: message } : { Code: code, Message: message, CodeN: codeN },
    },
  };
}

function okReply(request: RecordedRequest): Reply {
  const action = new URL(request.url, "http://x").searchParams.get("Action") ?? "Unknown";
  return { body: envelope(action) };
}

export function actionOf(request: RecordedRequest): string {
  return new URL(request.url, "http://x").searchParams.get("Action") ?? "";
}

export function jsonBody(request: RecordedRequest): unknown {
  return JSON.parse(request.body.toString("utf8"));
}
