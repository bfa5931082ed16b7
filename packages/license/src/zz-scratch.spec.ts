import { it } from "vitest";
import { parseLicense, termsOf, licenseAtAGlance, TERMS, checkCompatibility, suggestLicenses } from "./index.js";
it("scratch", () => {
  for (const t of ["MIT", "mit", "Apache-2.0 OR MIT", "llama3.1", "GPL-2.0+", "gpl-3.0", "(MIT AND BSD-3-Clause) OR GPL-3.0-or-later", "GPL-2.0-only WITH Classpath-exception-2.0", "licenseref-llama-3.1", "LicenseRef-Acme-1", "cc-by-nc-4.0 and apache-2.0", "openrail++"]) {
    const i = parseLicense(t);
    console.log(t, "=>", i.kind, i.hubId, i.spdx, i.ids, i.unknown, i.review);
  }
  for (const t of ["GPLv3", "Apache License 2.0", "CC BY-NC 4.0", "Llama 3.1", "foo bar", "MIT OR other"]) {
    try { parseLicense(t); } catch (e) { console.log(String((e as Error).message)); }
  }
  console.log(Object.keys(TERMS).length);
  console.log(licenseAtAGlance(termsOf(parseLicense("llama3.1"))).rows);
  console.log(licenseAtAGlance(termsOf(parseLicense("MIT OR CC-BY-NC-4.0"))).rows);
  const r = checkCompatibility({ artifact: { id: "acme/sentiment-large", license: parseLicense("apache-2.0") }, ancestors: [
    { path: ["acme/sentiment-large", "google-bert/bert-base-uncased"], id: "google-bert/bert-base-uncased", kind: "external-model", license: parseLicense("apache-2.0"), relation: "finetune" },
    { path: ["acme/sentiment-large", "acme/reviews"], id: "acme/reviews", kind: "dataset", license: parseLicense("cc-by-nc-4.0"), relation: "trained-on" },
  ]});
  console.log(JSON.stringify(r, null, 1));
});
