import { relative, resolve } from "node:path";
import { checkRecordProof, folderRecords, makeRecordProof, parseDatasetRef, recordAt, recordText } from "@shoulders/attribution";
import { decodeUtf8, fromBase64, ShouldersError } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { ledgerDir, parse, parseIndex } from "../../args.js";
import { loadIndex } from "../../attribution.js";
import type { Io } from "../../io.js";
import { printHelp, printJson } from "../../output.js";

export const PROVE_RECORD_HELP = `Usage: shoulders prove record ID@VERSION --data DIR (--file PATH [--line N] | --record TEXT) [--dir DIR]
       shoulders prove record --check PROOF.json [--dir DIR] [--json]

Proves that one record is in a dataset version. Each version's statement holds the root of
an RFC 9162 Merkle tree over its distinct records, so the proof is a few hundred bytes
however large the dataset, and anyone holding the ledger can check it: no data needed.

  ID@VERSION      the dataset version, e.g. acme/reviews@3
  --data DIR      the version's files (its folder, as recorded); their root must be the
                  version's, so a proof is only ever made from the real data
  --file PATH     the file that holds the record; with --line N (from 1) for a .jsonl or
                  .csv file, whose records are its lines; any other file is one record
  --record TEXT   the record itself, e.g. '{"text":"great","label":1}' (trailing
                  whitespace and line endings never count)
  --check FILE    check a proof against this ledger: valid, or one PROOF_INVALID line

The proof is printed as JSON (save it with > proof.json); --check prints what it proves.
See docs/format.md, "Record proofs".`;

/** `shoulders prove record`: make a record proof from a version's files, or check one against the ledger. */
export async function proveRecord(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "prove record",
    argv,
    { data: { type: "string" }, file: { type: "string" }, line: { type: "string" }, record: { type: "string" }, check: { type: "string" } },
    { min: 0, max: 1 },
  );
  if (values.help) return printHelp(io, PROVE_RECORD_HELP);
  const dir = ledgerDir(io, values.dir);
  if (values.check !== undefined) {
    if (positionals.length > 0 || values.data !== undefined || values.file !== undefined || values.record !== undefined)
      throw new ShouldersError("USAGE", "prove record: --check PROOF.json takes no dataset, --data, --file or --record");
    const path = resolve(io.cwd, values.check);
    const text = decodeUtf8(
      readBoundedFile(path, { maxBytes: 32 * 1024 * 1024, what: values.check, tooLarge: "PROOF_INVALID" }),
      "PROOF_INVALID",
    );
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (cause) {
      throw new ShouldersError("PROOF_INVALID", `${values.check} is not JSON`, { cause });
    }
    const { proof, version } = checkRecordProof(loadIndex(dir), document);
    if (values.json) return printJson(io, { valid: true, ...proof });
    const record = Buffer.from(fromBase64(proof.record, "record", "PROOF_INVALID"));
    io.stdout(
      `valid: the record is leaf ${proof.leafIndex} of the ${proof.treeSize} records of ${proof.dataset}@${proof.version} (entry ${version.index}, record root ${proof.root})\n`,
    );
    io.stdout(`record: ${record.length <= 200 ? JSON.stringify(record.toString("utf8")) : `${record.length} bytes`}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new ShouldersError("USAGE", "prove record: name the dataset version, e.g. acme/reviews@3, or --check PROOF.json");
  const ref = parseDatasetRef(positionals[0] as string);
  if (ref.version === undefined) throw new ShouldersError("USAGE", "prove record: name the version too, e.g. acme/reviews@3");
  if (values.data === undefined) throw new ShouldersError("USAGE", "prove record: --data DIR, the version's files, is required");
  if ((values.file === undefined) === (values.record === undefined))
    throw new ShouldersError("USAGE", "prove record: pass either --file PATH [--line N], or --record TEXT");
  const version = loadIndex(dir).dataset(ref.id, ref.version);
  const data = resolve(io.cwd, values.data);
  const record =
    values.record !== undefined
      ? recordText(values.record)
      : recordAt(
          resolve(io.cwd, values.file as string),
          relative(data, resolve(io.cwd, values.file as string)),
          values.line === undefined ? undefined : parseIndex(values.line, "--line"),
        );
  const proof = makeRecordProof(version, await folderRecords(data), record);
  return printJson(io, proof);
}
