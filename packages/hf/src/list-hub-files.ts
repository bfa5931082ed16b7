import { listFiles } from "@huggingface/hub";
import { assertManifestPath } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { z } from "zod";
import { callHub } from "./hub-error.js";
import type { Hub, RepoKind } from "./hub-options.js";

export type HubFile = {
  path: string;
  size: number;
  /** The LFS oid, which is the file's sha256 (git-lfs spec): known without downloading. Absent for small files. */
  lfsSha256?: string;
};

/** A repository with more files than this is refused rather than held in memory. */
const MAX_FILES = 1_000_000;

const EntrySchema = z.object({
  type: z.string(),
  path: z.string().min(1).max(4096),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  lfs: z.object({ oid: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) }).nullish(),
});

/**
 * Every file of a repository at a commit, following the listing's pagination (the client follows the Link header).
 * The listing is attacker input: each path must be a manifest path (no `..`, no absolute path), and an LFS size must
 * agree with the file size.
 */
export async function listHubFiles(hub: Hub, kind: RepoKind, name: string, sha: string): Promise<HubFile[]> {
  const files: HubFile[] = [];
  await callHub(hub, `listing the files of ${name}@${sha.slice(0, 12)}`, async () => {
    for await (const entry of listFiles({
      repo: { type: kind, name },
      revision: sha,
      recursive: true,
      hubUrl: hub.hubUrl,
      accessToken: hub.accessToken,
      fetch: hub.fetch,
    })) {
      const parsed = EntrySchema.safeParse(entry);
      if (!parsed.success)
        throw new ShouldersError("IO_ERROR", `the Hub listed an entry that is not a file or folder: ${parsed.error.issues[0]?.message}`);
      const { type, path, size, lfs } = parsed.data;
      if (type !== "file") continue;
      assertHubPath(path);
      if (lfs && lfs.size !== size)
        throw new ShouldersError("IO_ERROR", `the Hub lists ${path} with two sizes (${size} and LFS ${lfs.size})`);
      if (files.length >= MAX_FILES) throw new ShouldersError("IO_ERROR", `${name} has more than ${MAX_FILES} files`);
      files.push({ path, size, ...(lfs ? { lfsSha256: lfs.oid } : {}) });
    }
  });
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new ShouldersError("IO_ERROR", `the Hub lists ${file.path} twice`);
    seen.add(file.path);
  }
  return files;
}

/** A listed path that would climb out of the folder (`..`, absolute, backslashes) is a hostile Hub answer, not a usage error. */
function assertHubPath(path: string): void {
  try {
    assertManifestPath(path);
  } catch (cause) {
    throw new ShouldersError("UNSAFE_PATH", `the Hub lists an unsafe path ${JSON.stringify(path)}: ${(cause as Error).message}`, { cause });
  }
}
