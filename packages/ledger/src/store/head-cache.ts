import { closeSync, constants, existsSync, readSync, statSync } from "node:fs";
import { z } from "zod";
import { equalBytes, fromHex, toHex } from "../bytes.js";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { type Frontier, frontierRoot, isWellFormedFrontier } from "../merkle/frontier.js";
import { writeFileAtomic } from "./atomic-write.js";
import { type Head, headSegment } from "./head.js";
import { type Layout, segmentPath } from "./layout.js";
import { openRegularFile, readBoundedFile } from "./read-bounded-file.js";

const FrontierCacheSchema = z.object({
  version: z.literal(1),
  size: z.number().int().min(0),
  segmentBytes: z.number().int().min(0),
  hashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});

/** The head from .state/frontier.json, or undefined when the cache is missing, unreadable or not vouched for. */
export function loadCachedHead(layout: Layout, checkpoint: Checkpoint): Head | undefined {
  try {
    const bytes = readBoundedFile(layout.frontier, {
      maxBytes: 64 * 1024,
      what: ".attribution/.state/frontier.json",
      tooLarge: "IO_ERROR",
    });
    const cache = FrontierCacheSchema.parse(JSON.parse(bytes.toString("utf8")));
    const frontier: Frontier = { size: cache.size, hashes: cache.hashes.map((hash) => fromHex(hash, 32)) };
    // The signed checkpoint vouches for the cache: a frontier whose root matches it cannot be wrong.
    if (cache.size !== checkpoint.size || !isWellFormedFrontier(frontier)) return undefined;
    if (!equalBytes(frontierRoot(frontier), checkpoint.rootHash)) return undefined;
    const path = segmentPath(layout, headSegment(checkpoint.size));
    if (checkpoint.size === 0) return existsSync(path) ? { frontier, segmentBytes: 0 } : undefined;
    // The checkpoint vouches for the hashes, not for segmentBytes: a planted cache with a short length would make the
    // next append truncate committed entries. So the fast path needs the file to end exactly there; a longer file
    // (debris of a killed writer) takes the slow path, which counts the committed bytes itself.
    if (statSync(path).size !== cache.segmentBytes || !endsLineAt(path, cache.segmentBytes)) return undefined;
    return { frontier, segmentBytes: cache.segmentBytes };
  } catch {
    return undefined;
  }
}

export function saveCachedHead(layout: Layout, head: Head): void {
  const cache = { version: 1, size: head.frontier.size, segmentBytes: head.segmentBytes, hashes: head.frontier.hashes.map(toHex) };
  try {
    writeFileAtomic(layout.frontier, JSON.stringify(cache));
  } catch {
    // The cache only saves time; the next writer rebuilds it from the log.
  }
}

function endsLineAt(path: string, offset: number): boolean {
  if (offset === 0) return true;
  const fd = openRegularFile(path, constants.O_RDONLY, path);
  try {
    const byte = Buffer.alloc(1);
    return readSync(fd, byte, 0, 1, offset - 1) === 1 && byte[0] === 10;
  } finally {
    closeSync(fd);
  }
}
