import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { countRecords, recordCounter } from "./count-records.js";

const dir = mkdtempSync(join(tmpdir(), "shoulders-count-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rule in its plainest form: lines with something besides spaces, tabs and CRs; a .csv's first is its header. */
function naive(name: string, text: string): number {
  if (!/\.(jsonl|csv)$/i.test(name)) return 1;
  const lines = text.split("\n").filter((line) => /[^ \t\r]/.test(line)).length;
  return /\.csv$/i.test(name) ? Math.max(lines - 1, 0) : lines;
}

describe("recordCounter and countRecords", () => {
  it("count as the plain rule says, however the bytes are chunked, from a download or from disk", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "{}", " ", "\t", "\r", "\n", "x,y", "é"), { maxLength: 40 }),
        fc.constantFrom("data.jsonl", "DATA.JSONL", "data.csv", "image.png"),
        fc.integer({ min: 1, max: 7 }),
        (parts, name, chunk) => {
          const bytes = Buffer.from(parts.join(""));
          const counter = recordCounter(name);
          for (let i = 0; i < bytes.length; i += chunk) counter.add(bytes.subarray(i, i + chunk));
          writeFileSync(join(dir, name), bytes);
          const expected = naive(name, bytes.toString());
          expect(counter.total()).toBe(expected);
          expect(countRecords(join(dir, name), name)).toBe(expected);
        },
      ),
    );
  });

  it("refuses a FIFO put in a file's place since the folder was listed, instead of waiting forever for a writer", () => {
    const fifo = join(dir, "rows.jsonl");
    rmSync(fifo, { force: true });
    execFileSync("mkfifo", [fifo]);
    expect(() => countRecords(fifo, "rows.jsonl")).toThrow(
      expect.objectContaining({ code: "UNREADABLE_FILE", message: "cannot read rows.jsonl: it is no longer a regular file" }),
    );
  });
});
