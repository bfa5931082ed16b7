// Writes the JSON Schemas of the attribution predicates to packages/attribution/schemas/, for other tools to read.
// Run after changing a predicate: `npx tsc -b && node scripts/write-schemas.mjs`. A test fails while they are stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { predicateJsonSchemas } from "../packages/attribution/dist/index.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "attribution", "schemas");
mkdirSync(out, { recursive: true });
for (const [type, schema] of Object.entries(predicateJsonSchemas())) {
  const file = `${type.replace(/^https:\/\//, "").replace(/[/:]/g, "_")}.json`;
  writeFileSync(join(out, file), `${JSON.stringify({ $id: type, ...schema }, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
