/**
 * The log side of C2SP tlog-witness: submit a checkpoint with a consistency proof from the size the witness last
 * cosigned, and keep only cosignatures that verify under the witness's key.
 */
import { parseNote, ShouldersError, type VerifierKey, verifyCosignatures } from "@shoulders/ledger";
import { TLOG_SIZE } from "./add-checkpoint.js";
import { formatAddCheckpointRequest } from "./add-checkpoint-request.js";

export type CosignatureRequest = {
  fetch: typeof globalThis.fetch;
  /** The witness's submission prefix; `/add-checkpoint` is appended. */
  url: string;
  key: VerifierKey;
  /** The log's signed checkpoint note. */
  note: string;
  size: number;
  /** RFC 9162 consistency proof from `oldSize` to the checkpoint's size. */
  proofFrom: (oldSize: number) => Uint8Array[];
  /** The size the witness is believed to hold; a wrong guess costs one more round trip. */
  oldSize?: number;
  timeoutMs?: number;
};

export type WitnessCosignature = { line: string; timestamp: number };

/**
 * Why a witness did not cosign. Only WITNESS_REFUSED is evidence against the log (the witness saw another history);
 * WITNESS_AHEAD means it holds a larger tree (a newer head was published, or this history was cut); the others are
 * about the witness or the network.
 */
export type WitnessFailure = "WITNESS_REFUSED" | "WITNESS_AHEAD" | "WITNESS_ERROR" | "WITNESS_UNREACHABLE";

const MAX_ROUND_TRIPS = 3;
/** Room for many signature lines (tlog-witness allows "one or more"), far below anything that costs memory. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export async function requestCosignature(request: CosignatureRequest): Promise<WitnessCosignature> {
  let oldSize = request.oldSize ?? 0;
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip++) {
    const body = formatAddCheckpointRequest({ oldSize, proof: oldSize === 0 ? [] : request.proofFrom(oldSize), note: request.note });
    const response = await post(request, body);
    const text = await readCapped(request, response);
    if (response.status === 200) return cosignatureFrom(request, text);
    if (response.status === 409 && (response.headers.get("content-type") ?? "").startsWith(TLOG_SIZE)) {
      const held = /^(0|[1-9][0-9]{0,15})\n$/.exec(text);
      if (held === null) throw failure(request, "WITNESS_ERROR", "answered 409 without a tree size");
      const heldSize = Number(held[1]);
      if (heldSize > request.size) {
        throw failure(
          request,
          "WITNESS_AHEAD",
          `has cosigned ${heldSize} entries, more than this checkpoint's ${request.size}: a newer head was published since (pull, then submit again), or this log's history was cut`,
        );
      }
      // A witness on tlog-witness before C2SP #280 answers another root at the size it holds with 409 and that size.
      if (heldSize === oldSize) throw forkAt(request, heldSize);
      oldSize = heldSize;
      continue;
    }
    if (response.status === 422) {
      // tlog-witness: at the size it holds ("If the old size matches the checkpoint size"), 422 means another root.
      if (oldSize === request.size) throw forkAt(request, oldSize);
      throw failure(
        request,
        "WITNESS_REFUSED",
        `refused: the checkpoint is not consistent with what it cosigned before (422). ${firstLine(text)}`,
      );
    }
    if (response.status >= 500) throw failure(request, "WITNESS_UNREACHABLE", `answered HTTP ${response.status}. ${firstLine(text)}`);
    throw failure(request, "WITNESS_ERROR", explain(response.status, text));
  }
  throw failure(request, "WITNESS_ERROR", `kept changing its tree size over ${MAX_ROUND_TRIPS} requests`);
}

async function post(request: CosignatureRequest, body: string): Promise<Response> {
  const url = `${request.url.replace(/\/+$/, "")}/add-checkpoint`;
  try {
    return await request.fetch(url, {
      method: "POST",
      body,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw failure(request, "WITNESS_UNREACHABLE", `at ${url}: ${(error as Error).message}`);
  }
}

/** A witness answers in a few lines; a hostile URL must not stream into memory before we notice. */
async function readCapped(request: CosignatureRequest, response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_RESPONSE_BYTES) {
        await reader.cancel();
        throw failure(request, "WITNESS_ERROR", `answered with more than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ShouldersError) throw error;
    throw failure(request, "WITNESS_UNREACHABLE", `stopped answering: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function cosignatureFrom(request: CosignatureRequest, body: string): WitnessCosignature {
  const text = parseNote(request.note).text;
  // Any line by another key is ignored (tlog-witness: "The client MUST ignore any cosignatures from unknown keys").
  let rejected = "";
  for (const line of body.split(/(?<=\n)/).filter((candidate) => candidate.startsWith("\u2014 "))) {
    try {
      const check = verifyCosignatures(`${text}\n${line}`, [request.key]);
      const [found] = check.cosignatures;
      if (found !== undefined) return { line, timestamp: found.timestamp };
      rejected = check.ignored[0] ?? rejected;
    } catch (error) {
      // A malformed or invalid line: try the next one, and report below if none verifies.
      rejected = (error as Error).message;
    }
  }
  throw failure(request, "WITNESS_ERROR", `answered without a valid cosignature by its key${rejected === "" ? "" : ` (${rejected})`}`);
}

/** The witness holds another tree of this log at `size`: a fork, evidence against the log. */
function forkAt(request: CosignatureRequest, size: number): ShouldersError {
  return failure(request, "WITNESS_REFUSED", `holds a different tree of ${size} entries: this log's history was rewritten`);
}

function firstLine(text: string): string {
  return (text.trim().split("\n", 1)[0] ?? "").slice(0, 300);
}

function explain(status: number, text: string): string {
  switch (status) {
    case 403:
      return `does not trust this log's key (403); give its operator the log's trust.json. ${firstLine(text)}`;
    case 404:
      return `does not follow this log (404); give its operator the log's trust.json. ${firstLine(text)}`;
    default:
      return `answered HTTP ${status}. ${firstLine(text)}`;
  }
}

function failure(request: CosignatureRequest, code: WitnessFailure, message: string): ShouldersError {
  return new ShouldersError(code, `witness ${request.key.name} ${message}`.trim());
}
