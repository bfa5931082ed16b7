import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consistencyProof } from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REQUEST_BYTES } from "./add-checkpoint-request.js";
import { requestCosignature } from "./request-cosignature.js";
import { createWitnessServer, DEFAULT_SERVE_LIMITS, type ServeLimits } from "./serve-witness.js";
import {
  witnessKey as key,
  leaves,
  logKey,
  origin,
  signedHead,
  witnessSigner as signer,
  witnessVerifierKey as verifierKey,
} from "./test-log.fixture.js";
import { FileWitnessState } from "./witness-state.js";

const log = leaves("entry", 64);
const note = (size: number) => signedHead(log, size);

let dir: string;
let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "witness-http-"));
  const server = await startWitness("http", {});
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/w`;
  close = () => new Promise((done) => server.close(() => done()));
});
afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

/** A witness with its own state under `dir`, listening on a free port of 127.0.0.1. */
async function startWitness(name: string, limits: Partial<ServeLimits>): Promise<Server> {
  const server = createWitnessServer({
    signer,
    verifierKey,
    logs: [{ origin, verifierKeys: [logKey] }],
    state: new FileWitnessState(join(dir, name)),
    prefix: "/w",
    ...limits,
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return server;
}

const ask = (size: number) =>
  requestCosignature({ fetch, url, key, note: note(size), size, proofFrom: (oldSize) => consistencyProof(log, oldSize, size) });

describe("the witness over HTTP", () => {
  it("serves its key at the prefix, refuses other methods and paths, and bodies over the limit", async () => {
    expect(await (await fetch(`${url}/`)).text()).toBe(`${verifierKey}\n`);
    const get = await fetch(`${url}/add-checkpoint`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    expect((await fetch(`${url}/elsewhere`, { method: "POST", body: "x" })).status).toBe(404);
    const huge = await fetch(`${url}/add-checkpoint`, { method: "POST", body: "x".repeat(MAX_REQUEST_BYTES + 1) });
    expect(huge.status).toBe(413);
  });

  it("answers 413 as soon as a body passes the limit, and closes the connection, without waiting for the rest", async () => {
    const { port } = new URL(url);
    for (const declared of [10_000_000_000, undefined]) {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          const length = declared === undefined ? "Transfer-Encoding: chunked" : `Content-Length: ${declared}`;
          socket.write(`POST /w/add-checkpoint HTTP/1.1\r\nHost: x\r\n${length}\r\n\r\n`);
          // A little more than the limit, then nothing: the answer must not wait for a body that never ends.
          const piece = "x".repeat(MAX_REQUEST_BYTES + 10);
          socket.write(declared === undefined ? `${piece.length.toString(16)}\r\n${piece}\r\n` : piece);
        });
        let received = "";
        socket.on("data", (chunk) => {
          received += chunk;
        });
        socket.on("close", () => resolve(received));
        socket.on("error", reject);
        setTimeout(() => reject(new Error(`no answer within 5 s: ${JSON.stringify(received)}`)), 5_000).unref();
      });
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    }
  });

  it("never rolls back under concurrent requests: the state only grows, and every cosigned size was consistent", async () => {
    const sizes = Array.from({ length: 24 }, (_, i) => 1 + ((i * 37) % 64));
    const outcomes = await Promise.allSettled(sizes.map((size) => ask(size)));
    const held = Number(await (await fetch(`${url}/add-checkpoint`, { method: "POST", body: `old 0\n\n${note(1)}` })).text());
    // Requests raced; whatever was cosigned, the witness ends on a size at least as large as any it cosigned.
    const cosigned = sizes.filter((_, i) => outcomes[i]?.status === "fulfilled");
    expect(cosigned.length).toBeGreaterThan(0);
    expect(held).toBe(Math.max(...cosigned));
    for (const outcome of outcomes) {
      // A request overtaken by a larger head finds the witness ahead of it; none is ever mistaken for a fork.
      if (outcome.status === "rejected") expect(outcome.reason.code).toBe("WITNESS_AHEAD");
    }
  });

  it("follows a stale guess with one more round trip, and reports a witness that is ahead or gone", async () => {
    await ask(64);
    const cosignature = await requestCosignature({
      fetch,
      url,
      key,
      note: note(64),
      size: 64,
      oldSize: 3,
      proofFrom: (oldSize) => consistencyProof(log, oldSize, 64),
    });
    expect(cosignature.line.startsWith(`— ${signer.name} `)).toBe(true);
    await expect(ask(10)).rejects.toMatchObject({
      code: "WITNESS_AHEAD",
      message: expect.stringMatching(/has cosigned 64 entries, more than/),
    });
    await expect(
      requestCosignature({ fetch, url: "http://127.0.0.1:9", key, note: note(5), size: 5, proofFrom: () => [] }),
    ).rejects.toMatchObject({ code: "WITNESS_UNREACHABLE" });
  });

  it("answers another tree at the size it holds with 422, and the client reports a fork", async () => {
    await ask(64);
    const forged = leaves("forged", 64);
    const raw = await fetch(`${url}/add-checkpoint`, { method: "POST", body: `old 64\n\n${signedHead(forged, 64)}` });
    expect(raw.status).toBe(422);
    await expect(
      requestCosignature({ fetch, url, key, note: signedHead(forged, 64), size: 64, proofFrom: () => [] }),
    ).rejects.toMatchObject({
      code: "WITNESS_REFUSED",
      message: `witness ${signer.name} holds a different tree of 64 entries: this log's history was rewritten`,
    });
  });
});

describe("the client and a witness on tlog-witness before C2SP #280", () => {
  it("still reports a fork when the witness answers another root at the size it holds with 409 and that size", async () => {
    const older = createHttpServer((_, response) => {
      response.writeHead(409, { "Content-Type": "text/x.tlog.size" });
      response.end("5\n");
    });
    await new Promise<void>((done) => older.listen(0, "127.0.0.1", done));
    try {
      const at = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
      await expect(requestCosignature({ fetch, url: at, key, note: note(5), size: 5, proofFrom: () => [] })).rejects.toMatchObject({
        code: "WITNESS_REFUSED",
        message: expect.stringMatching(/holds a different tree of 5 entries/),
      });
    } finally {
      await new Promise((done) => older.close(done));
    }
  });
});

/** A connection from 127.0.0.1 that sends the start of a request and never finishes its headers (slowloris). */
function slowConnection(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write("POST /w/add-checkpoint HTTP/1.1\r\nHost: witness\r\nContent-Le");
      resolve({ socket, closed });
    });
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk;
    });
    // A reset counts as closed: the server dropped the connection.
    socket.on("error", () => {});
    const closed = new Promise<string>((done) => socket.on("close", () => done(received)));
    socket.once("error", reject);
  });
}

/** One request on a fresh connection from `localAddress`, as an honest client on another host would send it. */
function send(port: number, method: string, path: string, body: string, localAddress: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, method, path, localAddress, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        text += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Resolves with what a connection that sent `text` received, once the server closes it. */
function connection(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk;
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

/** Resolves with what the connection received once the server closes it; rejects if it is still open after 5 s. */
function closedWithin5s(closed: Promise<string>): Promise<string> {
  return Promise.race([
    closed,
    new Promise<string>((_, reject) => setTimeout(() => reject(new Error("still open after 5 s")), 5_000).unref()),
  ]);
}

describe("the witness under a flood of slow connections (issue 12)", () => {
  it("keeps serving a peer at another address while one peer holds every connection it can open", async () => {
    // Long timeouts, so that the hog's connections stay for the whole test however slow the machine.
    const server = await startWitness("flood", { headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const { port } = server.address() as AddressInfo;
    try {
      // As many as the global cap: without a per-peer cap they would take every place.
      const hog = await Promise.all(Array.from({ length: DEFAULT_SERVE_LIMITS.maxConnections }, () => slowConnection(port)));
      // The server accepts in arrival order, so it has seen every one of the hog's connections before this one.
      const honest = await send(port, "POST", "/w/add-checkpoint", `old 0\n\n${note(5)}`, "127.0.0.2");
      expect(honest.status).toBe(200);
      expect(honest.text.startsWith(`— ${signer.name} `)).toBe(true);
      expect(await send(port, "GET", "/w/", "", "127.0.0.3")).toEqual({ status: 200, text: `${verifierKey}\n` });
      // The hog kept its share and lost the rest, each closed without an answer.
      let dropped = 0;
      await new Promise<void>((done) => {
        for (const { closed } of hog) {
          void closed.then((received) => {
            expect(received).toBe("");
            if (++dropped === DEFAULT_SERVE_LIMITS.maxConnections - DEFAULT_SERVE_LIMITS.maxConnectionsPerPeer) done();
          });
        }
      });
      expect(hog.filter(({ socket }) => !socket.closed)).toHaveLength(DEFAULT_SERVE_LIMITS.maxConnectionsPerPeer);
      for (const { socket } of hog) socket.destroy();
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it("gives a peer its place back when one of its connections closes", async () => {
    const server = await startWitness("share", { maxConnectionsPerPeer: 2, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const { port } = server.address() as AddressInfo;
    try {
      const [first, second] = await Promise.all([slowConnection(port), slowConnection(port)]);
      await expect(send(port, "GET", "/w/", "", "127.0.0.1")).rejects.toThrow();
      first?.socket.destroy();
      await first?.closed;
      // The server sees the close in its own time: ask until the freed place is given out.
      let reply: { status: number; text: string } | undefined;
      while (reply === undefined) reply = await send(port, "GET", "/w/", "", "127.0.0.1").catch(() => undefined);
      expect(reply).toEqual({ status: 200, text: `${verifierKey}\n` });
      second?.socket.destroy();
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it("closes a connection whose headers never end, one that sends nothing, and one left idle after its answer", async () => {
    const server = await startWitness("timeouts", { headersTimeoutMs: 200, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 200 });
    const { port } = server.address() as AddressInfo;
    try {
      const slow = await slowConnection(port);
      const silent = connection(port, "");
      const idle = connection(port, "GET /w/ HTTP/1.1\r\nHost: witness\r\n\r\n");
      const [slowReply, , idleReply] = await Promise.all([slow.closed, silent, idle].map(closedWithin5s));
      expect(slowReply).toMatch(/^HTTP\/1\.1 408 /);
      // Kept alive after its answer (HTTP/1.1), then closed for being idle.
      expect(idleReply).toMatch(/^HTTP\/1\.1 200 [\s\S]*Connection: keep-alive[\s\S]*\r\n\r\n/);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
