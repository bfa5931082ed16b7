import { describe, expect, it } from "vitest";
import { judgeSubmission } from "./judge-submission.js";
import type { WitnessLedgerResult, WitnessOutcome } from "./witness-ledger.js";

const cosigned: WitnessOutcome = { name: "a", url: "http://a", ok: true, timestamp: 1 };
const unreachable: WitnessOutcome = { name: "b", url: "http://b", ok: false, code: "WITNESS_UNREACHABLE", message: "down" };
const refused: WitnessOutcome = { name: "c", url: "http://c", ok: false, code: "WITNESS_REFUSED", message: "fork" };

function result(witnesses: WitnessOutcome[], written = true): WitnessLedgerResult {
  return { size: 3, rootHash: "", witnesses, cosigned: witnesses.filter((w) => w.ok).length, written };
}

describe("judgeSubmission", () => {
  it("asks every witness by default, fewer when required says so", () => {
    expect(judgeSubmission(result([cosigned, unreachable]))).toEqual({ quorum: 2, ok: false, evidence: false });
    expect(judgeSubmission(result([cosigned, unreachable]), 1)).toMatchObject({ quorum: 1, ok: true });
  });

  it("counts a refusal, and a checkpoint that moved meanwhile, as evidence; an unreachable witness only as the environment", () => {
    expect(judgeSubmission(result([cosigned, refused]))).toMatchObject({ ok: false, evidence: true });
    expect(judgeSubmission(result([cosigned], false))).toMatchObject({ ok: false, evidence: true });
    expect(judgeSubmission(result([unreachable]))).toMatchObject({ ok: false, evidence: false });
  });
});
