import { AttributionIndex, countedReceipts, ownerParty } from "@shoulders/attribution";
import { hfPredicateValidators } from "@shoulders/hf";
import { type VerifyResult, verifyLedger } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import type { Io } from "../io.js";
import { printHelp, printJson, progressBar } from "../output.js";
import { readCheckpointArgument, readTrustArgument } from "../root-files.js";
import { describeReleaseFiles, verifyReleaseFiles } from "./hf.js";
import { witnessRequirement } from "./witness.js";

export const verifyHelp = `Usage: shoulders verify [--trusted-checkpoint FILE] [--trust FILE] [--require-witness N]
                       [--witness-key VKEY]... [--strict] [--dir DIR] [--json]

Checks the ledger offline: trust.json, every entry's signatures and signer, the
checkpoint's signature and Merkle root, and (with --trusted-checkpoint) that the log only
grew since. Never writes. Exits 0 if and only if the ledger is valid.

  --trusted-checkpoint FILE  a checkpoint you trust, e.g. the base branch's; the log
                             must extend it (RFC 9162 consistency proof)
  --trust FILE               pin the root of trust, e.g. the base branch's trust.json,
                             instead of the ledger's own
  --require-witness N        fail unless N independent witnesses cosigned the checkpoint
                             (C2SP tlog-cosignature): the one check a key holder who
                             rewrote history cannot pass
  --witness-key VKEY         a witness you chose (type 0x04 key, e.g. from the witness's
                             own page). Only these, and the witnesses of a root pinned
                             with --trust, count: the ledger's own trust.json lists
                             witnesses its owners chose, so those are shown, not counted
  --strict                   also fail on an uncommitted tail and invalid predicates
  --release ID               also check the folder's files (DIR, e.g. a downloaded Hub
                             snapshot) against the latest signed release of ID, naming
                             every missing, extra or changed file`;

export async function verify(argv: string[], io: Io): Promise<number> {
  const { values } = parse("verify", argv, {
    "trusted-checkpoint": { type: "string" },
    trust: { type: "string" },
    strict: { type: "boolean" },
    release: { type: "string" },
    "require-witness": { type: "string" },
    "witness-key": { type: "string", multiple: true },
  });
  if (values.help) return printHelp(io, verifyHelp);
  const progress = progressBar(io, "verifying");
  const trustFile = values.trust;
  const checkpointFile = values["trusted-checkpoint"];
  const result = verifyLedger({
    dir: ledgerDir(io, values.dir),
    predicates: hfPredicateValidators(),
    strict: values.strict === true,
    ...(trustFile === undefined ? {} : { trust: readTrustArgument(io, trustFile) }),
    ...(checkpointFile === undefined ? {} : { trustedCheckpoint: readCheckpointArgument(io, checkpointFile) }),
    witnesses: witnessRequirement(values["require-witness"], values["witness-key"]),
    onProgress: (done, total) => progress.update(done, total),
    collect: true,
  });
  progress.finish();
  // Cross-entry checks the log format cannot express: usage receipts that overlap, or that a key without the usage
  // role signed. They are counted once, or not at all, by split; verify reports them.
  if (result.statements !== undefined) {
    const index = new AttributionIndex(result.statements, result.registry);
    const owner = ownerParty(result.origin ?? "");
    for (const artifact of new Set(index.usage.map((receipt) => receipt.predicate.artifact))) {
      for (const flag of countedReceipts(index, artifact, owner).flags) {
        (values.strict ? result.errors : result.warnings).push({
          code: "PREDICATE_INVALID",
          message: `${flag.code}: ${flag.message}`,
          index: flag.index,
        });
      }
    }
    result.valid = result.errors.length === 0;
    delete result.statements;
    delete result.registry;
  }
  // A folder with no ledger at all is an environment problem (3), not an invalid ledger (1).
  let exitCode = result.valid ? 0 : result.errors.some((error) => error.code === "TRUST_MISSING") ? 3 : 1;
  const release =
    result.valid && values.release !== undefined ? await verifyReleaseFiles(io, ledgerDir(io, values.dir), values.release) : undefined;
  if (release !== undefined && !release.ok) exitCode = 1;
  if (values.json) {
    printJson(io, release === undefined ? result : { ...result, release });
    return exitCode;
  }
  for (const error of result.errors) io.stderr(`${error.code}: ${error.message}\n`);
  for (const warning of result.warnings) io.stderr(`warning ${warning.code}: ${warning.message}\n`);
  const unrecognised = Object.entries(result.unrecognised).map(([type, count]) => `${count} × ${type}`);
  if (unrecognised.length > 0) io.stdout(`Unrecognised predicate types (not validated): ${unrecognised.join(", ")}\n`);
  if (result.valid) {
    const extended = result.extends === undefined ? "" : `, extending the trusted checkpoint of ${result.extends.size}`;
    io.stdout(`Valid: ${result.origin}, ${result.treeSize} entries committed (root ${result.rootHash})${extended}.\n`);
    describeCosignatures(io, result.cosignatures);
    if (release !== undefined) describeReleaseFiles(io, release);
    return exitCode;
  }
  describeCosignatures(io, result.cosignatures);
  io.stdout(`INVALID: ${result.errors.length} problem(s) found${result.errors.length >= 100 ? " (first 100 shown)" : ""}.\n`);
  return exitCode;
}

/** By key, not just name: the name is not signed (cosignature/v1), so only the key says who the witness is. */
function describeCosignatures(io: Io, cosignatures: VerifyResult["cosignatures"]): void {
  for (const c of cosignatures ?? []) {
    const note = c.counted ? "" : " (listed by the ledger's owners: not counted)";
    io.stdout(`Cosigned by witness ${c.key} at ${new Date(c.timestamp * 1000).toISOString()}${note}.\n`);
  }
}
