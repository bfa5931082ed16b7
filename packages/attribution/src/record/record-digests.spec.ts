import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { leafHash, toHex, treeHash } from "@shoulders/ledger";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readRecordDigests, recordDigester } from "./record-digests.js";
import { recordTreeRoot, sortedDistinctDigests } from "./record-tree.js";

const dir = mkdtempSync(join(tmpdir(), "shoulders-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rule in its plainest form: lines less trailing whitespace, blank ones dropped, a .csv's first is its header. */
function naive(name: string, bytes: Buffer): string[] | undefined {
  if (!/\.(jsonl|csv)$/i.test(name)) return undefined;
  const lines = bytes
    .toString("latin1")
    .split("\n")
    .map((line) => line.replace(/[ \t\r\v\f]+$/, ""))
    .filter((line) => line !== "");
  return (/\.csv$/i.test(name) ? lines.slice(1) : lines).map((line) => toHex(leafHash(Buffer.from(line, "latin1"))));
}

const hexes = (packed: Uint8Array | undefined) =>
  packed === undefined ? undefined : Array.from({ length: packed.length / 32 }, (_, i) => toHex(packed.subarray(32 * i, 32 * i + 32)));

describe("record digests", () => {
  it("are the leaf hashes of the lines as the plain rule reads them, however the bytes are chunked, from a download or from disk", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "{}", " ", "\t", "\r", "\n", "\v", "x,y", "é", "\u00ff"), { maxLength: 40 }),
        fc.constantFrom("data.jsonl", "DATA.JSONL", "data.csv", "image.png"),
        fc.integer({ min: 1, max: 7 }),
        (parts, name, chunk) => {
          const bytes = Buffer.from(parts.join(""));
          const digester = recordDigester(name);
          for (let i = 0; i < bytes.length; i += chunk) digester.add(bytes.subarray(i, i + chunk));
          writeFileSync(join(dir, name), bytes);
          const expected = naive(name, bytes);
          expect(hexes(digester.finish())).toEqual(expected);
          expect(hexes(readRecordDigests(join(dir, name), name))).toEqual(expected);
        },
      ),
    );
  });

  it("do not change when a row is reformatted: CRLF, trailing spaces and tabs, blank lines between rows", () => {
    const digests = (text: string) => {
      const digester = recordDigester("rows.jsonl");
      digester.add(Buffer.from(text));
      return hexes(digester.finish());
    };
    expect(digests('{"a":1}  \r\n\n \t\n{"a":2}\t\r\n')).toEqual(digests('{"a":1}\n{"a":2}'));
  });

  it("refuse a FIFO put in a file's place since the folder was listed, instead of waiting forever for a writer", () => {
    const fifo = join(dir, "rows.jsonl");
    rmSync(fifo, { force: true });
    execFileSync("mkfifo", [fifo]);
    expect(() => readRecordDigests(fifo, "rows.jsonl")).toThrow(
      expect.objectContaining({ code: "UNREADABLE_FILE", message: "cannot read rows.jsonl: it is no longer a regular file" }),
    );
  });
});

describe("the record tree", () => {
  const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });

  it("keeps each digest once, in byte order, with duplicates and shared prefixes", () => {
    const prefixed = fc
      .tuple(fc.constantFrom(0, 1, 255), digest)
      .map(([first, rest]) => Uint8Array.of(first, 0, 0, 0, ...rest.subarray(4)));
    fc.assert(
      fc.property(fc.array(fc.oneof(digest, prefixed), { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), (list, copies) => {
        const all = [...list, ...list.slice(0, copies)];
        const packed = new Uint8Array(all.length * 32);
        for (const [i, d] of all.entries()) packed.set(d, 32 * i);
        const expected = [...new Set(all.map(toHex))].sort();
        expect(hexes(sortedDistinctDigests(packed))).toEqual(expected);
      }),
    );
  });

  it("has the root @shoulders/ledger's treeHash gives for every size from 0 to 70", () => {
    for (let size = 0; size <= 70; size++) {
      const leaves = Array.from({ length: size }, (_, i) => leafHash(Uint8Array.of(i)));
      const packed = new Uint8Array(size * 32);
      for (const [i, leaf] of leaves.entries()) packed.set(leaf, 32 * i);
      expect(toHex(recordTreeRoot(packed))).toBe(toHex(treeHash(leaves)));
    }
  });
});
