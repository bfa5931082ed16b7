import { posix, relative, sep } from "node:path";
import { type AttributionConfig, readAttributionConfig } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";

/** Where the ledger sits inside the repository, `/`-separated: "" when `.attribution/` is at the top. */
export function ledgerPrefix(repoDir: string, ledgerDir: string): string {
  const prefix = relative(repoDir, ledgerDir).split(sep).join("/");
  if (prefix.startsWith("..") || posix.isAbsolute(prefix))
    throw new ShouldersError("BAD_ARGUMENT", `the ledger folder ${ledgerDir} is not inside the repository ${repoDir}`);
  return prefix;
}

/**
 * The datasets declared in `<ledger>/.attribution/config.yaml`, with their paths made relative to the repository top
 * (dataset paths are written relative to the folder that holds `.attribution/`).
 */
export function datasetConfigOf(ledgerDir: string, prefix: string): AttributionConfig {
  const config = readAttributionConfig(ledgerDir);
  return { ...config, datasets: config.datasets.map((dataset) => ({ ...dataset, path: posix.join(prefix, dataset.path) })) };
}
