/**
 * The body of a C2SP tlog-witness `add-checkpoint` request:
 *
 *     old <size>\n
 *     <base64 consistency proof hash>\n   (0 to 63 lines)
 *     \n
 *     <checkpoint note>
 */
import { decodeUtf8, fromBase64, HASH_SIZE, ShouldersError, toBase64 } from "@shoulders/ledger";

/** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;
/** A checkpoint with up to 100 signature lines and a few extension lines fits well below this. */
export const MAX_REQUEST_BYTES = 64 * 1024;
const OLD_SIZE = /^old (0|[1-9][0-9]{0,15})$/;

export type AddCheckpointRequest = { oldSize: number; proof: Uint8Array[]; note: string };

function badRequest(message: string, cause?: unknown): ShouldersError {
  return new ShouldersError("BAD_ARGUMENT", `add-checkpoint request: ${message}`, { cause });
}

export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (request.proof.length > MAX_PROOF_LINES) throw badRequest(`more than ${MAX_PROOF_LINES} proof lines`);
  return `old ${request.oldSize}\n${request.proof.map((hash) => `${toBase64(hash)}\n`).join("")}\n${request.note}`;
}

export function parseAddCheckpointRequest(body: Uint8Array): AddCheckpointRequest {
  if (body.length > MAX_REQUEST_BYTES) throw badRequest(`larger than ${MAX_REQUEST_BYTES} bytes`);
  const text = decodeUtf8(body, "BAD_ARGUMENT");
  const blank = text.indexOf("\n\n");
  if (blank < 0) throw badRequest("no blank line before the checkpoint");
  const [oldLine = "", ...proofLines] = text.slice(0, blank).split("\n");
  const old = OLD_SIZE.exec(oldLine);
  if (old === null) throw badRequest('the first line must be "old <size>" in decimal without leading zeros');
  if (proofLines.length > MAX_PROOF_LINES) throw badRequest(`more than ${MAX_PROOF_LINES} proof lines`);
  const proof = proofLines.map((line) => {
    const hash = fromBase64(line, "a consistency proof line", "BAD_ARGUMENT");
    if (hash.length !== HASH_SIZE) throw badRequest(`a consistency proof hash must be ${HASH_SIZE} bytes`);
    return hash;
  });
  const oldSize = Number(old[1]);
  if (!Number.isSafeInteger(oldSize)) throw badRequest("the old size is too large");
  return { oldSize, proof, note: text.slice(blank + 2) };
}
