/**
 * The package is pure (CONVENTIONS: license ids, terms and rules, no I/O): the CLI and the actions gather licenses
 * and lineage, this package only computes. These follow the imports of every source file, so a stray `node:fs`,
 * `fetch` or `process.env` fails here rather than in review.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm;
const ALLOWED = new Set([
  "@shoulders/ledger",
  "zod",
  "spdx-expression-parse",
  "spdx-satisfies",
  "spdx-license-ids/index.json",
  "spdx-license-ids/deprecated.json",
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".spec.ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("purity", () => {
  const files = sources(SRC);

  it("finds the sources", () => {
    expect(files.map((f) => relative(SRC, f))).toEqual(
      expect.arrayContaining(["index.ts", "identify.ts", "compatibility/check-compatibility.ts"]),
    );
  });

  for (const file of files) {
    it(`${relative(SRC, file)} imports only pure modules and touches no environment`, () => {
      const text = readFileSync(file, "utf8");
      const packages = [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string).filter((s) => !s.startsWith("."));
      expect(packages.filter((p) => !ALLOWED.has(p))).toEqual([]);
      expect(text).not.toMatch(/\bprocess\.|\bfetch\(|\brequire\(|\bDate\.now\(|\bMath\.random\(/);
    });
  }
});
