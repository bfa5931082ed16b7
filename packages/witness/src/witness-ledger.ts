import {
  consistencyProof,
  type ErrorCode,
  type Layout,
  layoutOf,
  leafHash,
  openCheckpoint,
  openLedger,
  parseNote,
  readCheckpointBytes,
  readLog,
  readTrust,
  ShouldersError,
  type TrustedWitness,
  toBase64,
  verifyCosignatures,
  verifyLedger,
} from "@shoulders/ledger";
import { requestCosignature } from "./request-cosignature.js";

export type WitnessLedgerOptions = {
  dir: string;
  fetch: typeof globalThis.fetch;
  /** Defaults to trust.json's witnesses that have a url. */
  witnesses?: readonly TrustedWitness[];
  timeoutMs?: number;
};

export type WitnessOutcome =
  | { name: string; url: string; ok: true; timestamp: number }
  | { name: string; url: string; ok: false; code: ErrorCode; message: string };

export type WitnessLedgerResult = {
  size: number;
  rootHash: string;
  witnesses: WitnessOutcome[];
  /** How many distinct witnesses cosigned the checkpoint now on disk. */
  cosigned: number;
  /** False when the checkpoint moved on while the witnesses answered; run again. */
  written: boolean;
};

/**
 * Asks every witness to cosign the ledger's current checkpoint, in parallel, and writes the cosignatures that
 * verify into `.attribution/checkpoint`. A witness that refuses is reported, never fatal here: how many cosignatures
 * are enough is the verifier's call (`verify --require-witness N`).
 */
export async function witnessLedger(options: WitnessLedgerOptions): Promise<WitnessLedgerResult> {
  const layout = layoutOf(options.dir);
  const trust = readTrust(layout);
  const witnesses = (options.witnesses ?? trust.witnesses ?? []).filter((w): w is TrustedWitness & { url: string } => w.url !== undefined);
  if (witnesses.length === 0) {
    throw new ShouldersError("BAD_ARGUMENT", "no witness to ask: add one with `shoulders witness add VKEY --url URL`");
  }
  // A witness remembers every head it cosigns, forever: never show it one over entries that do not verify (say, one
  // signed by a rotated-out key), or the bad head could not be replaced without looking like a fork.
  // Cosignatures are what this replaces, so a damaged one is no reason to stop.
  const problem = verifyLedger({ dir: options.dir }).errors.find((finding) => finding.code !== "COSIGNATURE_INVALID");
  if (problem !== undefined) {
    throw new ShouldersError(
      problem.code === "COMPROMISED" || problem.code === "UNRECOGNISED_PREDICATE" ? "INTERNAL" : problem.code,
      `the ledger does not verify, so no witness was asked to cosign it: ${problem.message}`,
      problem.index === undefined ? {} : { index: problem.index },
    );
  }
  const note = readCheckpointBytes(layout).toString("utf8");
  const checkpoint = openCheckpoint(note, trust);
  const text = parseNote(note).text;
  const alreadyCosigned = witnessCosignatures(note, witnesses);
  let leaves: Uint8Array[] | undefined;
  const proofFrom = (oldSize: number) => {
    leaves ??= leafHashes(layout, checkpoint.size);
    return consistencyProof(leaves, oldSize, checkpoint.size);
  };
  const outcomes = await Promise.all(
    witnesses.map(async (witness): Promise<WitnessOutcome & { line?: string }> => {
      const base = { name: witness.key.name, url: witness.url };
      try {
        const cosignature = await requestCosignature({
          fetch: options.fetch,
          url: witness.url,
          key: witness.key,
          note,
          size: checkpoint.size,
          proofFrom,
          // A witness that cosigned this very checkpoint holds its size: one round trip instead of two.
          ...(alreadyCosigned.has(witness.key.text) ? { oldSize: checkpoint.size } : {}),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        return { ...base, ok: true, timestamp: cosignature.timestamp, line: cosignature.line };
      } catch (error) {
        if (!(error instanceof ShouldersError)) throw error;
        return { ...base, ok: false, code: error.code, message: error.message };
      }
    }),
  );
  const lines = outcomes.flatMap((o) => (o.ok && o.line !== undefined ? [o.line] : []));
  const written = lines.length === 0 || openLedger(options.dir).addCosignatures(text, lines);
  const cosigned = witnessCosignatures(readCheckpointBytes(layout), witnesses).size;
  return {
    size: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
    witnesses: outcomes.map(({ line: _line, ...outcome }) => outcome),
    cosigned,
    written,
  };
}

/**
 * When each witness cosigned `note` (POSIX seconds), checked one witness at a time: a damaged line by one witness must
 * not hide the others' (verify reports it as COSIGNATURE_INVALID; the next submit replaces it).
 */
export function witnessCosignatures(note: string | Uint8Array, witnesses: readonly TrustedWitness[]): Map<string, number> {
  const cosigned = new Map<string, number>();
  for (const witness of witnesses) {
    try {
      const [found] = verifyCosignatures(note, [witness.key]).cosignatures;
      if (found !== undefined) cosigned.set(witness.key.text, found.timestamp);
    } catch (error) {
      if (!(error instanceof ShouldersError)) throw error;
    }
  }
  return cosigned;
}

/** The RFC 9162 leaf hashes of the first `size` entries, for consistency proofs from any older size. */
function leafHashes(layout: Layout, size: number): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (const event of readLog(layout)) {
    if (leaves.length === size) break;
    if (event.kind !== "line")
      throw new ShouldersError("MALFORMED_ENTRY", `entry ${event.index} is not a complete line`, { index: event.index });
    leaves.push(leafHash(event.bytes));
  }
  if (leaves.length !== size)
    throw new ShouldersError("CHECKPOINT_MISMATCH", `the checkpoint covers ${size} entries but the log holds ${leaves.length}`);
  return leaves;
}
