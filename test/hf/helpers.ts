import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Hub, resolveHub } from "@shoulders/hf";
import { layoutOf, readEntries, verifyLedger } from "@shoulders/ledger";
import { afterEach } from "vitest";
import { FakeHub, type Kind, WRITE_TOKEN } from "../support/fake-hub.js";
import { makeLedger, tempDir } from "../support/ledger.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function fakeHub(): Promise<FakeHub> {
  const hub = await FakeHub.start();
  cleanups.push(() => hub.close());
  return hub;
}

export async function ledger(): Promise<{ dir: string; seed: Uint8Array }> {
  const made = await makeLedger(0);
  cleanups.push(made.cleanup);
  return made;
}

export function folder(files: Record<string, string | Buffer> = {}): string {
  const made = tempDir("shoulders-hf-");
  cleanups.push(made.cleanup);
  writeFiles(made.dir, files);
  return made.dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** The Hub seen with a write token and nothing from the environment. */
export function writer(hub: FakeHub): Hub {
  return resolveHub({ hubUrl: hub.url, accessToken: WRITE_TOKEN, env: {} });
}

export function reader(hub: FakeHub): Hub {
  return resolveHub({ hubUrl: hub.url, env: {} });
}

/** A copy of a repository as any Hub client downloads it: every file, in a fresh folder. */
export function download(hub: FakeHub, kind: Kind, name: string, revision = "main"): string {
  const dir = folder();
  for (const [path, content] of hub.files(kind, name, revision)) writeFiles(dir, { [path]: content });
  return dir;
}

/** Everything under .attribution/ that a writer commits (not the per-machine state), for before/after comparisons. */
export function ledgerSnapshot(dir: string): Record<string, string> {
  const layout = layoutOf(dir);
  const read = (path: string) => readFileSync(path, "utf8");
  return { checkpoint: read(layout.checkpoint), log: read(join(layout.logDir, "000000.jsonl")), trust: read(layout.trust) };
}

export function treeSize(dir: string): number {
  const result = verifyLedger({ dir });
  if (!result.valid) throw new Error(`ledger invalid: ${JSON.stringify(result.errors)}`);
  return result.treeSize;
}

export function predicateTypes(dir: string): string[] {
  return readEntries({ dir }).entries.map((entry) => entry.statement.predicateType.split("/").slice(-2).join("/"));
}

export const MODEL_CARD = "---\nlanguage: en\ntags: [sentiment]\n---\n# Sentiment large\n\nHand-written notes that must survive.\n";
