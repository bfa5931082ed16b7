import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consistencyProof } from "@shoulders/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REQUEST_BYTES } from "./add-checkpoint-request.js";
import { requestCosignature } from "./request-cosignature.js";
import { createWitnessServer } from "./serve-witness.js";
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
  const server = createWitnessServer({
    signer,
    verifierKey,
    logs: [{ origin, verifierKeys: [logKey] }],
    state: new FileWitnessState(dir),
    prefix: "/w",
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/w`;
  close = () => new Promise((done) => server.close(() => done()));
});
afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

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
});
