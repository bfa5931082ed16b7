import { AttributionIndex, LICENSE_PREDICATE_TYPE, RELEASE_PREDICATE_TYPE } from "@shoulders/attribution";
import type { LedgerEntry } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { logSigned } from "../../../test/support/log-registry.js";
import { releaseCardUpdate } from "./release-card.js";

const LOG = logSigned();

const LEDGER = { origin: "ledger.acme.example/models", treeSize: 2, rootHash: "AAAA" };

function entry(index: number, predicateType: string, predicate: Record<string, unknown>): LedgerEntry {
  return {
    index,
    signers: LOG.signers,
    compromised: false,
    statement: {
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "manifest", digest: { sha256: "a".repeat(64) } }],
      predicateType,
      predicate,
    },
  };
}

/** The card's license keys for a model released under `license`, then declared as `declared` if given. */
function cardLicense(license: string, declared?: Record<string, unknown>) {
  const entries = [
    entry(0, RELEASE_PREDICATE_TYPE, { id: "acme/m", license, baseModels: [], files: 1, bytes: 1, manifest: "a".repeat(64) }),
  ];
  if (declared) entries.push(entry(1, LICENSE_PREDICATE_TYPE, { artifact: "acme/m", license, ...declared }));
  const {
    license: id,
    license_name,
    license_link,
  } = releaseCardUpdate(new AttributionIndex(entries, LOG.registry), "acme/m", LEDGER).metadata;
  return { license: id, license_name, license_link };
}

describe("the license keys of a release's card", () => {
  it("are the Hub's id alone, else other with license_name and license_link, which the Hub reads as a pair", () => {
    expect(cardLicense("Apache-2.0")).toEqual({ license: "apache-2.0", license_name: undefined, license_link: undefined });
    // A declared link: a file of the repository, as the Hub allows (hub-docs modelcard.md), or a URL.
    expect(cardLicense("other", { name: "acme-model-license", link: "LICENSE" })).toEqual({
      license: "other",
      license_name: "acme-model-license",
      license_link: "LICENSE",
    });
    expect(cardLicense("MIT AND CC-BY-4.0", { link: "https://acme.example/licenses/model" })).toEqual({
      license: "other",
      license_name: "MIT AND CC-BY-4.0",
      license_link: "https://acme.example/licenses/model",
    });
    // One license off the Hub's list: our terms table's page for it, else its SPDX License List page.
    expect(cardLicense("CC-BY-ND-3.0")).toEqual({
      license: "other",
      license_name: "CC-BY-ND-3.0",
      license_link: "https://creativecommons.org/licenses/by-nd/3.0/legalcode",
    });
    expect(cardLicense("0BSD")).toEqual({ license: "other", license_name: "0BSD", license_link: "https://spdx.org/licenses/0BSD.html" });
  });

  it("say unknown for a license nobody determined, instead of other with nothing to link", () => {
    expect(cardLicense("NOASSERTION")).toEqual({ license: "unknown", license_name: undefined, license_link: undefined });
  });

  it("refuse, in one line that says how to fix it, a license with no one page to link", () => {
    for (const license of ["MIT AND CC-BY-4.0", "Apache-2.0 WITH LLVM-exception", "LicenseRef-acme-private"]) {
      expect(() => cardLicense(license)).toThrow(
        expect.objectContaining({
          code: "BAD_ARGUMENT",
          message: expect.stringMatching(/^[^\n]*shoulders record license acme\/m --license "[^"]+" --link LICENSE[^\n]*$/),
        }),
      );
    }
  });
});
