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

const MAX_ROUND_TRIPS = 3;

export async function requestCosignature(request: CosignatureRequest): Promise<WitnessCosignature> {
  let oldSize = request.oldSize ?? 0;
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip++) {
    const body = formatAddCheckpointRequest({ oldSize, proof: oldSize === 0 ? [] : request.proofFrom(oldSize), note: request.note });
    const response = await post(request, body);
    const text = (await response.text()).slice(0, 4096);
    if (response.status === 200) return cosignatureFrom(request, text);
    if (response.status === 409 && (response.headers.get("content-type") ?? "").startsWith(TLOG_SIZE)) {
      const held = /^(0|[1-9][0-9]{0,15})\n$/.exec(text);
      if (held === null) throw refused(request, "answered 409 without a tree size");
      const heldSize = Number(held[1]);
      if (heldSize > request.size) {
        throw refused(
          request,
          `has cosigned ${heldSize} entries, more than this checkpoint's ${request.size}: this copy of the ledger is behind, or its history was cut`,
        );
      }
      // The witness already holds this size with another root: a fork, not a stale guess.
      if (heldSize === oldSize) throw refused(request, `holds a different tree of ${heldSize} entries: this log's history was rewritten`);
      oldSize = heldSize;
      continue;
    }
    throw refused(request, explain(response.status, text));
  }
  throw refused(request, `kept changing its tree size over ${MAX_ROUND_TRIPS} requests`);
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
    throw new ShouldersError("WITNESS_UNREACHABLE", `witness ${request.key.name} at ${url}: ${(error as Error).message}`, { cause: error });
  }
}

function cosignatureFrom(request: CosignatureRequest, body: string): WitnessCosignature {
  const lines = body.split(/(?<=\n)/).filter((line) => line.startsWith("\u2014 "));
  // Any line by another key is ignored (tlog-witness: "The client MUST ignore any cosignatures from unknown keys").
  for (const line of lines) {
    try {
      const [found] = verifyCosignatures(`${parseNote(request.note).text}\n${line}`, [request.key]).cosignatures;
      if (found !== undefined) return { line, timestamp: found.timestamp };
    } catch {
      // A malformed or invalid line from the witness: try the next one, and refuse below if none verifies.
    }
  }
  throw refused(request, "answered without a valid cosignature by its key");
}

function explain(status: number, text: string): string {
  const detail = text.trim().split("\n", 1)[0] ?? "";
  switch (status) {
    case 403:
      return `does not trust this log's key (403); give its operator the log's trust.json. ${detail}`;
    case 404:
      return `does not follow this log (404); give its operator the log's trust.json. ${detail}`;
    case 422:
      return `refused: the checkpoint is not consistent with what it cosigned before (422). ${detail}`;
    default:
      return `answered HTTP ${status}. ${detail}`;
  }
}

function refused(request: CosignatureRequest, message: string): ShouldersError {
  return new ShouldersError("WITNESS_REFUSED", `witness ${request.key.name} ${message}`.trim());
}
