import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { addCheckpoint, type WitnessConfig, type WitnessResponse } from "./add-checkpoint.js";
import { MAX_REQUEST_BYTES } from "./add-checkpoint-request.js";
import { limitConnectionsPerPeer } from "./limit-connections-per-peer.js";

/** How many clients the witness serves at once, and how long a slow one may hold a place. */
export type ServeLimits = {
  /** Open connections in all; past it, new ones are closed at once. */
  maxConnections: number;
  /** Open connections from one IPv4 address or IPv6 /64, so that one peer cannot take every place. */
  maxConnectionsPerPeer: number;
  /** A connection whose request headers have not all arrived in this time is answered 408 and closed (slowloris). */
  headersTimeoutMs: number;
  /** A request that has not finished sending its body in this time is dropped. */
  requestTimeoutMs: number;
  /** A keep-alive connection left idle this long after an answer is closed. */
  keepAliveTimeoutMs: number;
};

/**
 * An honest request is a few hundred bytes of headers and at most 64 KiB of body, sent at once; a log asks each
 * witness once per checkpoint. One peer gets an eighth of the places, so a hog leaves room for seven more.
 */
export const DEFAULT_SERVE_LIMITS: ServeLimits = {
  maxConnections: 256,
  maxConnectionsPerPeer: 32,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
};

/**
 * Node checks the header and request timeouts every 30 s by default, so a slow sender could keep its place 30 s past
 * its timeout; check every second, or as often as the header timeout if it is shorter.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export type ServeOptions = WitnessConfig &
  Partial<ServeLimits> & {
    /** The witness's verifier key, served at GET <prefix>/ so that log owners can copy it. */
    verifierKey: string;
    /** The submission prefix (tlog-witness "HTTP Interface"), "" or a path such as "/witness". */
    prefix?: string;
    onRequest?: (entry: { status: number; origin?: string; message: string }) => void;
  };

type Reply = { status: number; contentType: string; body: string };

/**
 * The tlog-witness HTTP interface on node:http: POST <prefix>/add-checkpoint, and GET <prefix>/ for the key. Each
 * request is handled synchronously from its last body byte to its reply, so requests for one origin never
 * interleave inside this process; the state's file lock covers other processes.
 */
export function createWitnessServer(options: ServeOptions): Server {
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const limit = (name: keyof ServeLimits) => options[name] ?? DEFAULT_SERVE_LIMITS[name];
  const timeouts = {
    headersTimeout: limit("headersTimeoutMs"),
    requestTimeout: limit("requestTimeoutMs"),
    keepAliveTimeout: limit("keepAliveTimeoutMs"),
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, limit("headersTimeoutMs")),
  };
  const server = createServer(timeouts, (request, response) => {
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
  server.maxConnections = limit("maxConnections");
  limitConnectionsPerPeer(server, limit("maxConnectionsPerPeer"));
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
