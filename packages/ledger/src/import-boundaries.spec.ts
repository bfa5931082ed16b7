/**
 * CONVENTIONS: "`verify` never imports signing code", and the portable verifier must run without node:crypto.
 * These follow the static imports of the source files, so a stray import fails here rather than in review.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm;

/** Every module reachable from `entry`: relative files as paths under src/, packages by specifier. */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const key = relative(SRC, file);
    if (seen.has(key)) return;
    seen.add(key);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith(".")) visit(join(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else seen.add(specifier);
    }
  };
  visit(join(SRC, entry));
  return seen;
}

const SIGNING = [
  "keys/sign.ts",
  "keys/generate-key.ts",
  "keys/secret-key.ts",
  "note/sign-note.ts",
  "checkpoint/sign-checkpoint.ts",
  "dsse/sign-envelope.ts",
  "store/log-writer.ts",
];

describe("import boundaries", () => {
  it("the closure walker sees real imports", () => {
    expect(importClosure("checkpoint/sign-checkpoint.ts")).toContain("keys/sign.ts");
  });

  for (const entry of [
    "verify/verify-ledger.ts",
    "checkpoint/open-checkpoint.ts",
    "note/verify-note.ts",
    "keys/verify-signature.ts",
    "keys/verify-portable.ts",
  ]) {
    it(`${entry} reaches no signing code`, () => {
      const closure = importClosure(entry);
      for (const file of SIGNING) expect(closure).not.toContain(file);
    });
  }

  it("keys/verify-portable.ts reaches no node: module", () => {
    const closure = [...importClosure("keys/verify-portable.ts")];
    expect(closure.filter((m) => m.startsWith("node:"))).toEqual([]);
    expect(closure).toContain("@noble/ed25519");
  });
});
