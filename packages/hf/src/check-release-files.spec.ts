import { createHash } from "node:crypto";
import { manifestDigest, manifestSubjects, RELEASE_PREDICATE_TYPE, type ReleasePredicate } from "@shoulders/attribution";
import { STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { checkReleaseFiles, isHubManaged, type ObservedFile } from "./check-release-files.js";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const file = (path: string, content: string): ObservedFile & { sha256: string } => ({ path, size: content.length, sha256: sha(content) });

function release(files: (ObservedFile & { sha256: string })[], perFile = true): { statement: Statement; predicate: ReleasePredicate } {
  const manifest = manifestDigest(files);
  const predicate: ReleasePredicate = { id: "acme/m", license: "apache-2.0", baseModels: [], files: files.length, bytes: 0, manifest };
  const subjects = perFile ? manifestSubjects(manifest, files).subjects : [{ name: "manifest", digest: { sha256: manifest } }];
  return { statement: { _type: STATEMENT_TYPE, subject: subjects, predicateType: RELEASE_PREDICATE_TYPE, predicate }, predicate };
}

const signed = [file("model.safetensors", "weights"), file("config.json", "{}"), file("tok/vocab.txt", "a\nb\n")];

describe("checkReleaseFiles", () => {
  it("passes exactly the signed files, ignoring the card and the ledger", () => {
    const report = checkReleaseFiles([...signed, file("README.md", "card"), file(".attribution/checkpoint", "x")], release(signed));
    expect(report).toMatchObject({ ok: true, missing: [], extra: [], changed: [], unchecked: [], perFile: true });
  });

  it("names each missing, extra, changed and unchecked file", () => {
    const observed: ObservedFile[] = [
      file("model.safetensors", "other weights"),
      { path: "config.json", size: 2, sha256: undefined },
      file("notes.txt", "extra"),
    ];
    const report = checkReleaseFiles(observed, release(signed));
    expect(report).toMatchObject({
      ok: false,
      missing: ["tok/vocab.txt"],
      extra: ["notes.txt"],
      changed: ["model.safetensors"],
      unchecked: ["config.json"],
    });
    expect(report.manifest.observed).toBeUndefined();
  });

  it("checks a manifest-only release as a whole", () => {
    expect(checkReleaseFiles(signed, release(signed, false))).toMatchObject({ ok: true, perFile: false });
    const changed = checkReleaseFiles([signed[0], signed[1], file("tok/vocab.txt", "c\n")] as ObservedFile[], release(signed, false));
    expect(changed).toMatchObject({ ok: false, perFile: false, changed: [], missing: [] });
    expect(changed.manifest.observed).not.toBe(changed.manifest.signed);
  });

  it("compares the Hub's own .gitattributes only when the release signed it", () => {
    const observed = [...signed, file(".gitattributes", "*.bin filter=lfs\n")];
    expect(checkReleaseFiles(observed, release(signed), { hubManaged: isHubManaged }).ok).toBe(true);
    expect(checkReleaseFiles(observed, release(signed, false), { hubManaged: isHubManaged }).ok).toBe(true);
    expect(checkReleaseFiles(observed, release(signed)).extra).toEqual([".gitattributes"]);
    const withAttributes = [...signed, file(".gitattributes", "mine\n")];
    expect(checkReleaseFiles(observed, release(withAttributes), { hubManaged: isHubManaged }).changed).toEqual([".gitattributes"]);
  });
});
