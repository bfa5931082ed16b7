import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { matchFiles, parseContributorSpec } from "./contributor-spec.js";
import { parseDatasetRef } from "./dataset-ref.js";
import { readParamsFile } from "./params-file.js";
import { readRecordDigests } from "./record-digests.js";

const dir = mkdtempSync(join(tmpdir(), "shoulders-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readRecordDigests", () => {
  const countRecords = (path: string, name: string) => {
    const digests = readRecordDigests(path, name);
    return digests === undefined ? 1 : digests.length / 32;
  };

  it("reads non-empty lines of .jsonl, data lines of .csv, and none of other files (each one record)", () => {
    expect(countRecords(file("a.jsonl", '{"a":1}\n\n{"a":2}\n  \n{"a":3}'), "a.jsonl")).toBe(3);
    expect(countRecords(file("b.csv", "id,label\r\n1,pos\r\n2,neg\r\n"), "b.csv")).toBe(2);
    expect(countRecords(file("c.csv", ""), "c.csv")).toBe(0);
    expect(countRecords(file("d.png", Buffer.alloc(10)), "d.png")).toBe(1);
    expect(countRecords(file("E.JSONL", "x\n".repeat(3 << 20)), "E.JSONL")).toBe(3 << 20);
  });
});

describe("parseContributorSpec", () => {
  it("reads counts and globs, and normalises the identity", () => {
    expect(parseContributorSpec("github:Dev=2000")).toEqual({ identity: "github:dev", records: 2000 });
    expect(parseContributorSpec("hf:ana=rows/**/*.jsonl")).toEqual({ identity: "hf:ana", glob: "rows/**/*.jsonl" });
  });

  it.each(["dev=3", "github:dev", "=3", "github:dev=", "github:dev=-3", "github:dev=1.5", "github:dev=99999999999999999999"])(
    "refuses %s",
    (text) => {
      expect(() => parseContributorSpec(text)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
    },
  );

  it("matches globs against relative paths", () => {
    expect(matchFiles("dev/*.jsonl", ["dev/a.jsonl", "dev/b.csv", "dev/x/c.jsonl", "maya/a.jsonl"])).toEqual(["dev/a.jsonl"]);
    expect(matchFiles("dev/**", ["dev/a.jsonl", "dev/x/c.jsonl", "maya/a.jsonl"])).toEqual(["dev/a.jsonl", "dev/x/c.jsonl"]);
  });
});

describe("parseDatasetRef", () => {
  it("reads ID[@VERSION][:epochs=N]", () => {
    expect(parseDatasetRef("acme/reviews")).toEqual({ id: "acme/reviews", epochs: 1 });
    expect(parseDatasetRef("acme/reviews@2:epochs=3")).toEqual({ id: "acme/reviews", version: "2", epochs: 3 });
  });

  it.each(["", "acme/reviews:epochs=0", "acme/reviews:epochs=x", "../x", "acme/reviews@", "a/b/c"])("refuses %j", (text) => {
    expect(() => parseDatasetRef(text)).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT" }));
  });
});

describe("readParamsFile", () => {
  it("reads YAML and JSON mappings", () => {
    expect(readParamsFile(file("p.yaml", "learning_rate: 2.0e-5\nbatch_size: 16\nlora: {r: 8}\n"))).toEqual({
      learning_rate: 2e-5,
      batch_size: 16,
      lora: { r: 8 },
    });
    expect(readParamsFile(file("p.json", '{"epochs": 3}'))).toEqual({ epochs: 3 });
  });

  it("refuses malformed files, lists, duplicate keys and alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    for (const [name, text] of [
      ["bad.yaml", "a: [1, 2\n"],
      ["list.yaml", "- 1\n- 2\n"],
      ["dup.yaml", "a: 1\na: 2\n"],
      ["bomb.yaml", bomb],
      ["scalar.yaml", "42\n"],
    ]) {
      expect(() => readParamsFile(file(name as string, text as string)), name).toThrow(expect.objectContaining({ code: "PARAMS_INVALID" }));
    }
    expect(() => readParamsFile(join(dir, "missing.yaml"))).toThrow(expect.objectContaining({ code: "UNREADABLE_FILE" }));
  });
});
