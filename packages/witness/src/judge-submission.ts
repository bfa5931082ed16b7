import type { WitnessLedgerResult } from "./witness-ledger.js";

export type SubmissionVerdict = {
  /** The cosignatures asked for: every witness asked, unless fewer are required. */
  quorum: number;
  /** Enough witnesses cosigned, and their cosignatures were written. */
  ok: boolean;
  /**
   * The shortfall says something about the ledger or its witnesses (a refusal, which a fork causes; a bad answer; a
   * checkpoint that moved meanwhile), not only about the network: unreachable witnesses are the environment's problem.
   */
  evidence: boolean;
};

/** Judges a witnessLedger run against a quorum; how many are enough is the caller's call (`required`). */
export function judgeSubmission(result: WitnessLedgerResult, required?: number): SubmissionVerdict {
  const quorum = required ?? result.witnesses.length;
  const ok = result.cosigned >= quorum && result.written;
  const evidence = !result.written || result.witnesses.some((outcome) => !outcome.ok && outcome.code !== "WITNESS_UNREACHABLE");
  return { quorum, ok, evidence };
}
