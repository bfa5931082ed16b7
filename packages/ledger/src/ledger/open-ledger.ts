import type { Signer } from "../signer.js";
import type { Statement } from "../statement/statement.js";
import type { LogWriter } from "../store/log-writer.js";
import type { TrustedWitness } from "../trust/trust-file.js";
import { type PredicateValidators, type VerifyOptions, verifyLedger } from "../verify/verify-ledger.js";
import { addCosignatures } from "./add-cosignatures.js";
import { addSigner } from "./add-signer.js";
import { addWitness } from "./add-witness.js";
import { appendStatements, signForAppend } from "./append-statements.js";
import { editWitnesses } from "./edit-witnesses.js";
import { integratePending } from "./integrate-pending.js";
import { linkIdentities } from "./link-identities.js";
import { proposeStatement } from "./propose-statement.js";
import { readEntries } from "./read-entries.js";
import { removeWitness } from "./remove-witness.js";
import { revokeSigner } from "./revoke-signer.js";
import { rotateLogKey } from "./rotate-log-key.js";
import { submitStatements } from "./submit-statements.js";
import { withWriter } from "./with-writer.js";

export type LedgerOptions = {
  /**
   * Validators of the predicate types the caller knows. Every write checks them before anything is signed, and every
   * read and verify applies them, so a ledger opened with them never signs what its own verify flags.
   */
  predicates?: PredicateValidators;
};

type ReadOptions = Omit<VerifyOptions, "dir" | "predicates" | "collect">;

/**
 * A ledger in `dir/.attribution/`: the one way to read, verify and write it. Writes take a `Signer` (a key in memory,
 * a hardware key, a remote signer), never a raw seed; each checks, before it writes, that the signer may sign there.
 */
export function openLedger(dir: string, options: LedgerOptions = {}) {
  const { predicates } = options;
  return {
    dir,
    verify: (read: ReadOptions = {}) => verifyLedger({ ...read, dir, ...(predicates === undefined ? {} : { predicates }) }),
    read: (read: ReadOptions = {}) => readEntries({ ...read, dir, ...(predicates === undefined ? {} : { predicates }) }),
    /** Appended with a log key, or pending with any other key. */
    submit: (statements: readonly Statement[], signer: Signer) => submitStatements(dir, statements, signer, predicates),
    append: (statements: readonly Statement[], signer: Signer) => appendStatements(dir, statements, signer, predicates),
    /**
     * Signs statements as the lines `writer` appends next, refusing what verify would flag, without writing: for a
     * caller that prepares an append and writes it later under the same lock.
     */
    sign: (writer: LogWriter, statements: readonly Statement[], signer: Signer) => signForAppend(writer, statements, signer, predicates),
    propose: (statement: Statement, signer: Signer) => proposeStatement(dir, statement, signer, predicates),
    integrate: (signer: Signer, integrate: { approved?: ReadonlySet<string> } = {}) =>
      integratePending(dir, signer, { ...integrate, ...(predicates === undefined ? {} : { predicates }) }),
    addSigner: (signer: Signer, declared: Parameters<typeof addSigner>[2]) => addSigner(dir, signer, declared),
    revokeSigner: (signer: Signer, revocation: Parameters<typeof revokeSigner>[2]) => revokeSigner(dir, signer, revocation),
    linkIdentities: (signer: Signer, identities: string[]) => linkIdentities(dir, signer, identities),
    rotate: (oldSigner: Signer, newSigner: Signer, rotation: Parameters<typeof rotateLogKey>[3] = {}) =>
      rotateLogKey(dir, oldSigner, newSigner, rotation),
    editWitnesses: (edit: (witnesses: TrustedWitness[]) => TrustedWitness[]) => editWitnesses(dir, edit),
    addWitness: (witness: TrustedWitness) => addWitness(dir, witness),
    removeWitness: (which: string) => removeWitness(dir, which),
    addCosignatures: (cosignedText: string, lines: readonly string[]) => addCosignatures(dir, cosignedText, lines),
    /** Runs `work` holding the ledger's lock, with a writer that signs with `signer`. */
    write: <T>(signer: Signer, work: (writer: LogWriter) => Promise<T>, lock: { timeoutMs?: number } = {}) =>
      withWriter(dir, signer, work, lock),
  };
}

export type Ledger = ReturnType<typeof openLedger>;
