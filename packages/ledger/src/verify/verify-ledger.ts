import { existsSync } from "node:fs";
import { equalBytes, toBase64, toHex } from "../bytes.js";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { openCheckpoint } from "../checkpoint/open-checkpoint.js";
import { type ErrorCode, ShouldersError } from "../errors.js";
import { consistencyProof } from "../merkle/consistency-proof.js";
import { EMPTY_ROOT, leafHash } from "../merkle/hash.js";
import { treeHash } from "../merkle/tree-hash.js";
import { verifyConsistency } from "../merkle/verify-consistency.js";
import { type Cosignature, verifyCosignatures } from "../note/cosignature.js";
import type { VerifierKey } from "../note/verifier-key.js";
import type { Statement } from "../statement/statement.js";
import { assertLayoutFolders } from "../store/assert-layout.js";
import { type Layout, layoutOf } from "../store/layout.js";
import { symlinkRootOf } from "../store/read-bounded-file.js";
import { readLog } from "../store/read-log.js";
import { readCheckpointBytes, readTrustBytes } from "../store/read-root-files.js";
import { applyEntry } from "../trust/replay-registry.js";
import { SignerRegistry } from "../trust/signer-registry.js";
import { parseTrust, type Trust } from "../trust/trust-file.js";
import { withIndex } from "./check-entry.js";

export type FindingCode = ErrorCode | "COMPROMISED" | "UNRECOGNISED_PREDICATE";
export type Finding = { code: FindingCode; message: string; index?: number };

export type WitnessRequirement = {
  /** Witness cosigner keys (type 0x04) the verifier trusts, for example from the witnesses' own pages. */
  keys?: readonly VerifierKey[];
  /** How many distinct witnesses must have cosigned the checkpoint; fails WITNESS_QUORUM below it. */
  required?: number;
  nowSeconds?: number;
};

/** Validators for the predicate types a caller knows; each throws to report an invalid predicate. */
export type PredicateValidators = ReadonlyMap<string, (statement: Statement) => void>;

export type VerifyOptions = {
  dir: string;
  /** A pinned root, for example the base branch's trust.json, used instead of the ledger's own. */
  trust?: Uint8Array | string;
  /** A checkpoint trusted from elsewhere (the base branch, a witness): the log must extend it. */
  trustedCheckpoint?: Uint8Array | string;
  /**
   * Also check the signatures of the entries the trusted checkpoint covers. Without it they skip only the Ed25519
   * arithmetic (their authorisation is always checked); CI sets it, using the base checkpoint only as proof that
   * nothing was rewritten.
   */
  checkAllSignatures?: boolean;
  strict?: boolean;
  predicates?: PredicateValidators;
  /** Witness cosignatures to count on the checkpoint, beyond those of trust.json's witnesses. */
  witnesses?: WitnessRequirement;
  onProgress?: (done: number, total: number) => void;
  /** Also return the valid entries with their statements, for readers such as lineage and splits. */
  collect?: boolean;
};

/** A valid entry as readers see it: its statement, who signed it, and whether a compromise window covers it. */
/**
 * A committed entry as readers use it. `author` is the keyid of its first signature (CheckedEntry.author); when absent
 * (an entry built by hand, not read from a log), the first authorised signer stands in.
 */
export type LedgerEntry = { index: number; statement: Statement; signers: string[]; author?: string; compromised: boolean };

export type VerifyResult = {
  valid: boolean;
  origin?: string;
  /** Entries committed by the checkpoint. */
  treeSize: number;
  /** Lines in the log, committed or not. */
  entries: number;
  rootHash?: string;
  errors: Finding[];
  warnings: Finding[];
  /** Indices signed only by keys inside their compromise window. */
  compromised: number[];
  /** Entries beyond the checkpoint, left by an interrupted writer. */
  uncommitted: number;
  /** How many entries carry each predicate type the verifier does not know. */
  unrecognised: Record<string, number>;
  /** Set when a trusted checkpoint was given and the log was proven to extend it. */
  extends?: { size: number; rootHash: string };
  /**
   * Valid cosignatures on the checkpoint by known witnesses; `counted` when the verifier chose the witness (a key it
   * passed, or a witness of the root it pinned) rather than the ledger's own trust.json.
   */
  cosignatures?: (Cosignature & { counted: boolean })[];
  /** With `collect`: every valid, committed entry in log order, and the signer registry at the end of the log. */
  statements?: LedgerEntry[];
  registry?: SignerRegistry;
};

const MAX_FINDINGS = 100;

/**
 * Checks a ledger as docs/format.md, "What verify means" defines it. It only reads: it never writes, takes no lock and needs
 * no cache. Every problem becomes a finding with a stable code and, where there is one, the entry index.
 */
export function verifyLedger(options: VerifyOptions): VerifyResult {
  const result: VerifyResult = {
    valid: false,
    treeSize: 0,
    entries: 0,
    errors: [],
    warnings: [],
    compromised: [],
    uncommitted: 0,
    unrecognised: {},
  };
  const fail = (finding: Finding) => {
    if (result.errors.length < MAX_FINDINGS) result.errors.push(finding);
  };
  const warn = (finding: Finding) => {
    if (result.warnings.length < MAX_FINDINGS) result.warnings.push(finding);
  };
  try {
    run(options, result, fail, warn);
  } catch (error) {
    const coded = error instanceof ShouldersError ? error : new ShouldersError("INTERNAL", String(error), { cause: error });
    fail(findingOf(coded));
  }
  result.valid = result.errors.length === 0;
  return result;
}

function run(options: VerifyOptions, result: VerifyResult, fail: (f: Finding) => void, warn: (f: Finding) => void): void {
  const layout = layoutOf(options.dir);
  assertLayoutFolders(layout);
  // A read-only check of a copy follows symlinks that stay inside it (a Hub cache snapshot is all links); writers never.
  const within = symlinkRootOf(options.dir);
  const trust = loadTrust(options, layout, within);
  result.origin = trust.origin;
  if (!existsSync(layout.checkpoint)) throw new ShouldersError("CHECKPOINT_MISSING", "the checkpoint (.attribution/checkpoint) is missing");
  const note = readCheckpointBytes(layout, within);
  const checkpoint = openCheckpoint(note, trust);
  result.treeSize = checkpoint.size;
  result.rootHash = toBase64(checkpoint.rootHash);
  checkWitnesses(note, trust, options.trust !== undefined, options.witnesses, result, fail, warn);
  const trusted = options.trustedCheckpoint === undefined ? undefined : openTrustedCheckpoint(options.trustedCheckpoint, trust);
  // Entries a trusted checkpoint fixes skip only the Ed25519 arithmetic: the consistency proof pins their exact bytes.
  // Their authorisation (a known signer, not revoked, not rotated out) is checked like every other entry's, so a
  // checkpoint taken from a ledger that was already broken never makes it look valid.
  const pinnedBelow = options.checkAllSignatures === true ? 0 : (trusted?.size ?? 0);

  const registry = new SignerRegistry(trust);
  const leaves: Uint8Array[] = [];
  const unknownKeys = new Map<string, number>();
  // Who signed each entry: a compromise window is declared later in the log, so it can only be judged at the end.
  const signersByIndex = new Map<number, string[]>();
  const collected: LedgerEntry[] | undefined = options.collect ? [] : undefined;
  let partial = false;
  for (const event of readLog(layout, 0, { within })) {
    const index = event.index;
    if (event.kind === "partial") {
      partial = true;
      warn({ code: "UNCOMMITTED_TAIL", message: `the log ends with an unfinished line at entry ${index}`, index });
      break;
    }
    if (event.kind === "oversize") {
      fail({ code: "LINE_TOO_LONG", message: `entry ${index} is over 1 MiB`, index });
      leaves.push(new Uint8Array(32));
      continue;
    }
    leaves.push(leafHash(event.bytes));
    try {
      const entry = applyEntry(registry, event.bytes, index, index < pinnedBelow ? "skip" : "verify");
      for (const keyid of entry.unknownKeyids) unknownKeys.set(keyid, (unknownKeys.get(keyid) ?? 0) + 1);
      signersByIndex.set(index, entry.signers);
      collected?.push({ index, statement: entry.statement, signers: entry.signers, author: entry.author, compromised: false });
      checkPredicate(entry.statement, index, options, result, options.strict ? fail : warn);
    } catch (error) {
      fail(findingOf(withIndex(error, index)));
    }
    if (options.onProgress !== undefined && index % 1024 === 0) options.onProgress(index, Math.max(checkpoint.size, index));
  }
  result.entries = leaves.length;

  for (const [keyid, count] of unknownKeys) {
    warn({
      code: "UNKNOWN_KEY",
      message: `${count} signature(s) by key ${keyid.slice(0, 16)}…, which this log does not know, were ignored`,
    });
  }
  if (registry.list().some((key) => key.compromisedSince !== undefined)) flagCompromised(result, registry, signersByIndex, warn);

  if (checkpoint.size > leaves.length) {
    fail({ code: "CHECKPOINT_MISMATCH", message: `the checkpoint covers ${checkpoint.size} entries but the log holds ${leaves.length}` });
    return;
  }
  if (!equalBytes(treeHash(leaves, checkpoint.size), checkpoint.rootHash)) {
    fail({
      code: "CHECKPOINT_MISMATCH",
      message: `the log's first ${checkpoint.size} entries do not hash to the checkpoint's root: the log was changed after it was signed`,
    });
    return;
  }
  result.uncommitted = leaves.length - checkpoint.size + (partial ? 1 : 0);
  if (leaves.length > checkpoint.size) {
    (options.strict ? fail : warn)({
      code: "UNCOMMITTED_TAIL",
      message: `${leaves.length - checkpoint.size} entries after the checkpoint are not committed yet; the next writer will sign them`,
      index: checkpoint.size,
    });
  } else if (partial && options.strict) {
    fail({ code: "UNCOMMITTED_TAIL", message: "the log ends with an unfinished line", index: leaves.length });
  }
  if (trusted !== undefined) proveExtends(trusted, checkpoint, leaves, result, fail);
  if (collected !== undefined) {
    const compromised = new Set(result.compromised);
    result.statements = collected
      .filter((entry) => entry.index < checkpoint.size)
      .map((entry) => ({ ...entry, compromised: compromised.has(entry.index) }));
    result.registry = registry;
  }
}

/**
 * Only witnesses are independent of the repository's owners: a checkpoint they cosigned is one they proved
 * consistent with every earlier head they saw, so a key holder cannot rewrite history and keep the quorum. The quorum
 * therefore counts only witnesses the verifier chose: keys it passed, and those of a root it pinned from elsewhere.
 * The ledger's own trust.json names witnesses its owners picked, who could list one they run; their cosignatures are
 * checked and reported, never counted.
 */
function checkWitnesses(
  note: Uint8Array,
  trust: Trust,
  pinned: boolean,
  requirement: WitnessRequirement | undefined,
  result: VerifyResult,
  fail: (f: Finding) => void,
  warn: (f: Finding) => void,
): void {
  const chosen = [...(pinned ? (trust.witnesses ?? []).map((w) => w.key) : []), ...(requirement?.keys ?? [])];
  const listed = pinned ? [] : (trust.witnesses ?? []).map((w) => w.key);
  const required = requirement?.required ?? 0;
  if (chosen.length === 0 && listed.length === 0 && required === 0) return;
  const counts = new Set(chosen.map((key) => toHex(key.publicKey)));
  try {
    const check = verifyCosignatures(
      note,
      [...chosen, ...listed],
      requirement?.nowSeconds === undefined ? {} : { nowSeconds: requirement.nowSeconds },
    );
    result.cosignatures = check.cosignatures.map((c) => ({ ...c, counted: counts.has(c.publicKey) }));
    for (const message of check.ignored) warn({ code: "COSIGNATURE_INVALID", message });
    const counted = result.cosignatures.filter((c) => c.counted).length;
    if (counted < required) {
      const uncounted = result.cosignatures.length - counted;
      fail({
        code: "WITNESS_QUORUM",
        message:
          `the checkpoint is cosigned by ${counted} of the ${counts.size} witness(es) you chose; ${required} required` +
          (uncounted > 0 || listed.length > 0
            ? ` (the ledger's own trust.json lists ${listed.length}, which its owners chose, so they count only when you pass their keys with \`witnesses\` or pin trust.json with \`trust\`)`
            : counts.size === 0
              ? " (name the witnesses you trust with `witnesses`)"
              : ""),
      });
    }
  } catch (error) {
    if (!(error instanceof ShouldersError)) throw error;
    fail(findingOf(error));
  }
}

function loadTrust(options: VerifyOptions, layout: Layout, within: string): Trust {
  if (options.trust !== undefined) return parseTrust(options.trust, "the pinned trust.json");
  if (!existsSync(layout.trust))
    throw new ShouldersError(
      "TRUST_MISSING",
      "no .attribution/trust.json here: this folder holds no ledger; pass `dir` with the folder that does (a model's folder, if it was published with its ledger)",
    );
  return parseTrust(readTrustBytes(layout, within), "trust.json");
}

function openTrustedCheckpoint(note: Uint8Array | string, trust: Trust): Checkpoint {
  try {
    return openCheckpoint(note, trust);
  } catch (error) {
    const coded = error as ShouldersError;
    throw new ShouldersError(coded.code ?? "CHECKPOINT_MALFORMED", `the trusted checkpoint: ${coded.message}`, { cause: error });
  }
}

/** RFC 9162 §2.1.4: a consistency proof from the trusted checkpoint to the current one shows nothing was rewritten. */
function proveExtends(
  trusted: Checkpoint,
  current: Checkpoint,
  leaves: Uint8Array[],
  result: VerifyResult,
  fail: (f: Finding) => void,
): void {
  if (trusted.size > current.size) {
    fail({
      code: "NOT_APPEND_ONLY",
      message: `the trusted checkpoint has ${trusted.size} entries, more than the current ${current.size}: entries were dropped`,
    });
    return;
  }
  // Every log extends the empty one, but only if the "empty" checkpoint really is the empty tree's hash.
  const consistent =
    trusted.size === 0
      ? equalBytes(trusted.rootHash, EMPTY_ROOT)
      : verifyConsistency(
          trusted.size,
          current.size,
          trusted.rootHash,
          current.rootHash,
          consistencyProof(leaves, trusted.size, current.size),
        );
  if (!consistent) {
    fail({
      code: "NOT_APPEND_ONLY",
      message: `the log does not extend the trusted checkpoint of ${trusted.size} entries: history was rewritten`,
    });
    return;
  }
  result.extends = { size: trusted.size, rootHash: toHex(trusted.rootHash) };
}

function checkPredicate(
  statement: Statement,
  index: number,
  options: VerifyOptions,
  result: VerifyResult,
  report: (f: Finding) => void,
): void {
  const validate = options.predicates?.get(statement.predicateType);
  if (validate === undefined) {
    if (statement.predicateType !== "https://shoulders.dev/attribution/key/v1") {
      result.unrecognised[statement.predicateType] = (result.unrecognised[statement.predicateType] ?? 0) + 1;
    }
    return;
  }
  try {
    validate(statement);
  } catch (error) {
    report({ code: "PREDICATE_INVALID", message: `entry ${index}: ${(error as Error).message}`, index });
  }
}

/** Compromise windows are declared by a later revocation, so entries are flagged once the whole log is read. */
function flagCompromised(
  result: VerifyResult,
  registry: SignerRegistry,
  signersByIndex: ReadonlyMap<number, string[]>,
  warn: (f: Finding) => void,
): void {
  for (const [index, signers] of signersByIndex) {
    if (signers.length > 0 && signers.every((keyid) => registry.authorisation(keyid, index) === "compromised"))
      result.compromised.push(index);
  }
  result.compromised.sort((a, b) => a - b);
  if (result.compromised.length > 0) {
    const shown = result.compromised.slice(0, 10).join(", ");
    warn({
      code: "COMPROMISED",
      message: `${result.compromised.length} entries are signed only by compromised keys and are left out of lineage and splits: ${shown}${result.compromised.length > 10 ? ", …" : ""}`,
    });
  }
}

function findingOf(error: ShouldersError): Finding {
  return error.index === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, index: error.index };
}
