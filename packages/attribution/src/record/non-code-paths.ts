import { realpathSync } from "node:fs";
import { posix, relative, sep } from "node:path";
import { ShouldersError } from "@shoulders/ledger";
import { readAttributionConfig } from "./git-dataset-config.js";

/** Folders whose changes are not code, relative to the repository's top: the ledger's, and the declared datasets'. */
export type NonCodePaths = { ledger: string; datasets: readonly string[] };

/**
 * The ledger folder and the dataset folders `.attribution/config.yaml` declares (written relative to the folder that
 * holds `.attribution/`), as paths from the top of the work tree `repoDir`, the way git names changed files.
 */
export function nonCodePaths(repoDir: string, ledgerDir: string): NonCodePaths {
  const prefix = relative(realpathSync(repoDir), realpathSync(ledgerDir)).split(sep).join("/");
  if (prefix.startsWith("..") || posix.isAbsolute(prefix))
    throw new ShouldersError("BAD_ARGUMENT", `the ledger folder ${ledgerDir} is not inside the repository ${repoDir}`);
  const config = readAttributionConfig(ledgerDir);
  return {
    ledger: posix.join(prefix, ".attribution"),
    datasets: config.datasets.map((dataset) => posix.join(prefix, dataset.path)),
  };
}
