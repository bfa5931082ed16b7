import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countRecords } from "@shoulders/attribution";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordCounter } from "./record-count.js";

describe("recordCounter", () => {
  it("counts as countRecords does on a local file, however the bytes are chunked", () => {
    const dir = mkdtempSync(join(tmpdir(), "shoulders-count-"));
    try {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom("a", "{}", " ", "\t", "\r", "\n", "x,y"), { maxLength: 40 }),
          fc.constantFrom("data.jsonl", "data.csv", "image.png"),
          fc.integer({ min: 1, max: 7 }),
          (parts, name, chunk) => {
            const bytes = Buffer.from(parts.join(""));
            writeFileSync(join(dir, name), bytes);
            const counter = recordCounter(name);
            for (let i = 0; i < bytes.length; i += chunk) counter.add(bytes.subarray(i, i + chunk));
            expect(counter.total()).toBe(countRecords(join(dir, name), name));
          },
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
