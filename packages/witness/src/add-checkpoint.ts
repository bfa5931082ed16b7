/**
 * The witness side of C2SP tlog-witness `add-checkpoint`: cosign a checkpoint only when it is signed by the log's
 * key and proven consistent with the latest checkpoint this witness cosigned for the same origin. A fork (another
 * root at a size already seen, or a proof that fails) is refused with 422 and kept as evidence.
 */
import {
  cosignatureLine,
  EMPTY_ROOT,
  equalBytes,
  type NoteSigner,
  openCheckpoint,
  parseNote,
  type ShouldersError,
  type Trust,
  verifyConsistency,
} from "@shoulders/ledger";
import { parseAddCheckpointRequest } from "./add-checkpoint-request.js";
import type { WitnessState } from "./witness-state.js";

export type WitnessConfig = {
  /** The witness's key name and seed; its verifier key has signature type 0x04. */
  signer: NoteSigner;
  /** The logs this witness follows: each origin with the log keys it trusts (a log's trust.json). */
  logs: readonly Pick<Trust, "origin" | "verifierKeys">[];
  state: WitnessState;
  now?: () => number;
};

export type WitnessResponse = { status: 200 | 400 | 403 | 404 | 409 | 422; contentType: string; body: string; origin?: string };

const TEXT = "text/plain; charset=utf-8";
/** tlog-witness: a 409 for a stale old size carries the latest cosigned size in this media type. */
export const TLOG_SIZE = "text/x.tlog.size";

function reply(status: WitnessResponse["status"], body: string, origin?: string, contentType = TEXT): WitnessResponse {
  return { status, contentType, body: body.endsWith("\n") ? body : `${body}\n`, ...(origin === undefined ? {} : { origin }) };
}

export function addCheckpoint(config: WitnessConfig, body: Uint8Array): WitnessResponse {
  let request: ReturnType<typeof parseAddCheckpointRequest>;
  let origin: string;
  try {
    request = parseAddCheckpointRequest(body);
    // The origin picks the log's keys; nothing else in the text is read before a trusted signature covers it.
    origin = parseNote(request.note).text.split("\n", 1)[0] ?? "";
  } catch (error) {
    return reply(400, (error as Error).message);
  }
  const log = config.logs.find((l) => l.origin === origin);
  if (log === undefined) return reply(404, `this witness does not follow the log ${JSON.stringify(origin)}`);
  let checkpoint: ReturnType<typeof openCheckpoint>;
  try {
    checkpoint = openCheckpoint(request.note, log);
  } catch (error) {
    const code = (error as ShouldersError).code;
    return reply(code === "CHECKPOINT_SIGNATURE_INVALID" ? 403 : 400, (error as Error).message, origin);
  }
  if (request.oldSize > checkpoint.size)
    return reply(400, `old size ${request.oldSize} is above the checkpoint's ${checkpoint.size}`, origin);

  // Check and persist under one lock, synchronously: no other request for this origin can interleave.
  const release = config.state.lock(origin);
  try {
    const latest = config.state.latest(origin);
    const latestSize = latest?.size ?? 0;
    if (request.oldSize !== latestSize) return reply(409, `${latestSize}\n`, origin, TLOG_SIZE);
    // tlog-witness: "If the proof is not empty when the old size is zero, or if a Merkle Consistency Proof doesn't
    // verify, the witness MUST respond with a "422 Unprocessable Entity" HTTP status code."
    if (request.oldSize === 0 && request.proof.length !== 0)
      return reply(422, "the consistency proof must be empty when the old size is 0", origin);
    const latestRoot = latest?.rootHash ?? EMPTY_ROOT;
    if (request.oldSize === checkpoint.size) {
      // tlog-witness, since C2SP #280 (it was 409): "If the old size matches the checkpoint size, the witness MUST
      // check that the root hashes are also identical. If they don't match, the witness MUST respond with a "422
      // Unprocessable Entity" HTTP status code." Another tree at a size already cosigned is a fork, not a stale size
      // to retry from. At size 0 this is the rule that a checkpoint of size zero has the root of the empty tree.
      if (!equalBytes(latestRoot, checkpoint.rootHash)) {
        config.state.keepEvidence(origin, body, "fork: another root hash at a tree size already cosigned");
        return reply(422, `this witness cosigned another tree of ${latestSize} entries`, origin);
      }
      // RFC 9162 §2.1.4.1: PROOF(m, D[m]) is empty; anything else is a proof that does not verify.
      if (request.proof.length !== 0) return reply(422, "the consistency proof between equal sizes must be empty", origin);
    } else if (
      request.oldSize !== 0 &&
      !verifyConsistency(request.oldSize, checkpoint.size, latestRoot, checkpoint.rootHash, request.proof)
    ) {
      config.state.keepEvidence(origin, body, `inconsistent with the cosigned checkpoint of ${latestSize} entries`);
      return reply(422, `the checkpoint is not consistent with the ${latestSize} entries this witness cosigned`, origin);
    }
    config.state.save(origin, request.note);
  } finally {
    release();
  }
  const text = parseNote(request.note).text;
  const now = Math.floor((config.now ?? Date.now)() / 1000);
  return reply(200, cosignatureLine(text, config.signer, now), origin);
}
