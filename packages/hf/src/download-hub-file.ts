import { createHash } from "node:crypto";
import { downloadFile } from "@huggingface/hub";
import { ShouldersError } from "@shoulders/ledger";
import { callHub } from "./hub-error.js";
import type { Hub, RepoKind } from "./hub-options.js";

export type HubFileRef = { kind: RepoKind; name: string; revision: string; path: string };

/**
 * Reads a whole file into memory: for the model card and the ledger files, never for weights. Null when the file
 * does not exist. `maxBytes` bounds what a hostile repository can make us hold.
 */
export async function downloadHubFile(hub: Hub, ref: HubFileRef, maxBytes: number): Promise<Buffer | null> {
  return callHub(hub, `downloading ${ref.path} from ${ref.name}`, async () => {
    const blob = await open(hub, ref);
    if (blob === null) return null;
    if (blob.size > maxBytes)
      throw new ShouldersError("IO_ERROR", `${ref.path} in ${ref.name} is ${blob.size} bytes, more than the ${maxBytes} we read`);
    const bytes = Buffer.from(await blob.arrayBuffer());
    if (bytes.length !== blob.size)
      throw new ShouldersError("IO_ERROR", `${ref.path} in ${ref.name}: got ${bytes.length} of ${blob.size} bytes`);
    return bytes;
  });
}

/**
 * Streams a file through SHA-256 without keeping it, handing each chunk to `onChunk` (to count records). The byte
 * count must match `expectedSize`, from the listing, so a truncated download is never hashed as if it were the file.
 */
export async function digestHubFile(
  hub: Hub,
  ref: HubFileRef,
  expectedSize: number,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<string> {
  return callHub(hub, `downloading ${ref.path} from ${ref.name}`, async () => {
    const blob = await open(hub, ref);
    if (blob === null) throw new ShouldersError("UNKNOWN_ARTIFACT", `${ref.path} is listed in ${ref.name} but cannot be downloaded`);
    const hash = createHash("sha256");
    let size = 0;
    const reader = blob.stream().getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.length;
      if (size > expectedSize) break;
      hash.update(next.value);
      onChunk?.(next.value);
    }
    await reader.cancel().catch(() => {});
    if (size !== expectedSize)
      throw new ShouldersError("IO_ERROR", `${ref.path} in ${ref.name}: downloaded ${size} bytes, the listing says ${expectedSize}`);
    return hash.digest("hex");
  });
}

/** xet: false makes the client fetch the resolve URL itself, the one download path every Hub serves. */
function open(hub: Hub, ref: HubFileRef): Promise<Blob | null> {
  return downloadFile({
    repo: { type: ref.kind, name: ref.name },
    // The client puts the path into the URL as it is; a '#', '?' or '%' in a file name must not change the URL.
    path: ref.path.split("/").map(encodeURIComponent).join("/"),
    revision: ref.revision,
    hubUrl: hub.hubUrl,
    accessToken: hub.accessToken,
    fetch: hub.fetch,
    xet: false,
  });
}
