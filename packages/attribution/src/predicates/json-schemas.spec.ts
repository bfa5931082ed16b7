import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { predicateJsonSchemas } from "./index.js";

const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "schemas");

/** The committed JSON Schemas are what other tools read; they must match the zod schemas the code enforces. */
describe("predicate JSON Schemas", () => {
  for (const [type, schema] of Object.entries(predicateJsonSchemas())) {
    const file = `${type.replace(/^https:\/\//, "").replace(/[/:]/g, "_")}.json`;
    it(`schemas/${file} is up to date (regenerate with: node scripts/write-schemas.mjs)`, () => {
      expect(JSON.parse(readFileSync(join(SCHEMAS, file), "utf8"))).toEqual({ $id: type, ...(schema as object) });
    });
  }
});
