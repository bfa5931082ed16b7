import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTermsFile } from "./terms-file.js";

const dir = mkdtempSync(join(tmpdir(), "shoulders-terms-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readTermsFile", () => {
  it("reads declared terms from YAML", () => {
    const path = file("terms.yaml", 'fees:\n  perUse: { amount: "0.0004", currency: USD }\n');
    expect(readTermsFile(path, "terms.yaml")).toEqual({ fees: { perUse: { amount: "0.0004", currency: "USD" } } });
  });

  it("names the file and the field the schema refuses", () => {
    const path = file("bad.yaml", "fees:\n  perUse: { amount: lots, currency: USD }\n");
    expect(() => readTermsFile(path, "bad.yaml")).toThrow(
      expect.objectContaining({ code: "PARAMS_INVALID", message: expect.stringMatching(/^bad\.yaml: fees\.perUse\.amount: /) }),
    );
  });

  it("refuses what is no mapping, as the params reader does", () => {
    expect(() => readTermsFile(file("list.yaml", "- a\n"), "list.yaml")).toThrow(expect.objectContaining({ code: "PARAMS_INVALID" }));
  });
});
