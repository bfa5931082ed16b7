import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { addCheckpoint, type WitnessConfig, type WitnessResponse } from "./add-checkpoint.js";
import { MAX_REQUEST_BYTES } from "./add-checkpoint-request.js";

export type ServeOptions = WitnessConfig & {
  /** The witness's verifier key, served at GET <prefix>/ so that log owners can copy it. */
  verifierKey: string;
  /** The submission prefix (tlog-witness "HTTP Interface"), "" or a path such as "/witness". */
  prefix?: string;
  onRequest?: (entry: { status: number; origin?: string; message: string }) => void;
};

/** A request that has not finished sending in this time is dropped: slow senders must not hold the witness. */
export const REQUEST_TIMEOUT_MS = 15_000;
export const MAX_CONNECTIONS = 256;

type Reply = { status: number; contentType: string; body: string };

/**
 * The tlog-witness HTTP interface on node:http: POST <prefix>/add-checkpoint, and GET <prefix>/ for the key. Each
 * request is handled synchronously from its last body byte to its reply, so requests for one origin never
 * interleave inside this process; the state's file lock covers other processes.
 */
export function createWitnessServer(options: ServeOptions): Server {
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0];
    if (path === `${prefix}/add-checkpoint`) {
      if (request.method !== "POST")
        return send(response, { status: 405, contentType: "text/plain", body: "use POST\n" }, { Allow: "POST" });
      if (Number(request.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) return tooLarge(response);
      readBody(request, response, (body) => {
        let reply: WitnessResponse | Reply;
        try {
          reply = addCheckpoint(options, body);
        } catch (error) {
          // The witness's own storage failed: say so, and never cosign.
          reply = { status: 500, contentType: "text/plain", body: `${(error as Error).message}\n` };
        }
        options.onRequest?.({
          status: reply.status,
          ...("origin" in reply && reply.origin !== undefined ? { origin: reply.origin } : {}),
          message: reply.status === 200 ? "cosigned" : reply.body.trim(),
        });
        send(response, reply);
      });
      return;
    }
    if (path === `${prefix}/` || path === prefix) {
      return send(response, { status: 200, contentType: "text/plain; charset=utf-8", body: `${options.verifierKey}\n` });
    }
    send(response, { status: 404, contentType: "text/plain", body: "not found\n" });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  response.writeHead(reply.status, { "Content-Type": reply.contentType, ...headers });
  response.end(reply.body);
}

/** Answers 413 at once and closes the connection, instead of reading on to the end of a body we will not use. */
function tooLarge(response: ServerResponse): void {
  send(
    response,
    { status: 413, contentType: "text/plain", body: `the body is over ${MAX_REQUEST_BYTES} bytes\n` },
    { Connection: "close" },
  );
  response.once("finish", () => response.socket?.destroy());
}

/** Collects at most MAX_REQUEST_BYTES; a body that grows past it gets 413 without being read further. */
function readBody(request: IncomingMessage, response: ServerResponse, done: (body: Uint8Array) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  request.on("data", (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
    over = true;
    request.pause();
    tooLarge(response);
  });
  request.on("end", () => {
    if (!over) done(Buffer.concat(chunks));
  });
  request.on("error", () => response.socket?.destroy());
}
