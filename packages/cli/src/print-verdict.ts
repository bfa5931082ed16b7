import type { ReleaseVerdict } from "@shoulders/hf";
import { COMMON_FIELD_FLAGS, type FieldFlags, inFlags } from "./field-flags.js";
import type { Io } from "./io.js";
import { entries } from "./output.js";

/** A verdict as JSON: everything but the index it was built from, which is not data. */
export function verdictJson(verdict: ReleaseVerdict): Omit<ReleaseVerdict, "index"> {
  const { index: _index, ...rest } = verdict;
  return rest;
}

/** Exit code of a verdict: 0 valid; 3 when there is no ledger at all (an environment problem); 1 otherwise. */
export function verdictExitCode(verdict: ReleaseVerdict): number {
  if (verdict.valid) return 0;
  return verdict.errors.some((error) => error.code === "TRUST_MISSING") ? 3 : 1;
}

/**
 * The verdict as `verify` and `hf verify` both print it: one `CODE: message` line on stderr per problem, in the
 * command's flags (`flags`, see field-flags.ts), then on stdout the ledger, the release and who built it from what,
 * and whether the root of trust was pinned. JSON keeps the library's words: it is data, not advice.
 */
export function printVerdict(io: Io, verdict: ReleaseVerdict, flags: FieldFlags): void {
  const said = (message: string) => inFlags(message, { ...COMMON_FIELD_FLAGS, ...flags });
  for (const error of verdict.errors) io.stderr(`${error.code}: ${said(error.message)}\n`);
  for (const warning of verdict.warnings) io.stderr(`warning ${warning.code}: ${said(warning.message)}\n`);
  const unrecognised = Object.entries(verdict.unrecognised).map(([type, count]) => `${count} × ${type}`);
  if (unrecognised.length > 0) io.stdout(`Unrecognised predicate types (not validated): ${unrecognised.join(", ")}\n`);
  if (verdict.valid) {
    const extended = verdict.extends === undefined ? "" : `, extending the trusted checkpoint of ${verdict.extends.size}`;
    io.stdout(`Valid: ${verdict.origin}, ${entries(verdict.treeSize)} committed (root ${verdict.rootHash})${extended}.\n`);
  } else {
    io.stdout(`INVALID: ${verdict.errors.length} problem(s) found${verdict.errors.length >= 100 ? " (first 100 shown)" : ""}.\n`);
  }
  for (const c of verdict.cosignatures ?? []) {
    // By key, not just name: the name is not signed (cosignature/v1), so only the key says who the witness is.
    const note = c.counted ? "" : " (listed by the ledger's owners: not counted)";
    io.stdout(`Cosigned by witness ${c.key} at ${new Date(c.timestamp * 1000).toISOString()}${note}.\n`);
  }
  printRelease(io, verdict);
  if (verdict.origin !== undefined) printRoot(io, verdict);
}

function printRelease(io: Io, verdict: ReleaseVerdict): void {
  const release = verdict.release;
  if (release === undefined) return;
  const files = verdict.files?.ok
    ? `all ${release.files} file(s) match the signed release`
    : "the files do NOT match the signed release (see above)";
  io.stdout(`Release ${release.artifact} (entry ${release.entry}, ${release.license}), found by its ${release.foundBy}: ${files}.\n`);
  const run = release.run;
  if (run !== undefined) {
    io.stdout(
      `  Built by ${run.trainer ?? "an unnamed trainer"} in run ${run.id} (entry ${run.entry}) on ${run.builder}, finished ${run.finishedOn}.\n`,
    );
  }
  const inputs = [
    ...release.baseModels.map((model) => `base model ${model}`),
    ...release.datasets.map(
      (use) => `dataset ${use.id}@${use.version} (${use.records} records × ${use.epochs} epoch${use.epochs === 1 ? "" : "s"})`,
    ),
  ];
  io.stdout(inputs.length > 0 ? `  From ${inputs.join(", ")}.\n` : "  From no recorded inputs.\n");
}

function printRoot(io: Io, verdict: ReleaseVerdict): void {
  if (verdict.root === "pinned") {
    io.stdout(`Root of trust: pinned (--trust): the log keys of ${verdict.origin} come from the trust.json you gave.\n`);
    return;
  }
  io.stdout(
    `Root of trust: self-asserted. This copy names its own root (${verdict.origin}); anyone can write one. Pin it: get .attribution/trust.json from that project itself (e.g. git show main:.attribution/trust.json > trust.json in its repository) and pass --trust trust.json.\n`,
  );
}
