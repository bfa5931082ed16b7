import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeUtf8, ShouldersError } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { parse } from "yaml";
import { z } from "zod";
import { ArtifactId, LicenseText } from "../predicates/index.js";

/** Where a repository declares its dataset folders, next to the ledger it configures. */
export const ATTRIBUTION_CONFIG_PATH = ".attribution/config.yaml";

/**
 * How a dataset's records are counted in git: lines added to .jsonl files, lines added to .csv files (less the header
 * of a new file), or one record per file added (images, audio, documents).
 */
export const DATASET_FORMATS = ["jsonl", "csv", "files"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

const MAX_CONFIG_BYTES = 64 * 1024;

// A folder inside the repository, `/`-separated. Absolute paths, `..` and the ledger itself are refused: the record
// action hashes what the path names, and a config from a pull request must not point it anywhere else.
const FolderPath = z
  .string()
  .min(1)
  .max(500)
  .transform((path) => path.replace(/^\.\/+/, "").replace(/\/+$/, ""))
  .refine((path) => path !== "" && path !== "." && !path.startsWith("/") && !path.includes("\\"), {
    message: "a dataset path is a folder inside the repository, such as data/",
  })
  .refine((path) => path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."), {
    message: "a dataset path may not contain '.', '..' or empty segments",
  })
  .refine((path) => path !== ".attribution" && !path.startsWith(".attribution/") && !path.startsWith(".git/") && path !== ".git", {
    message: "a dataset path may not be inside .attribution/ or .git/",
  })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  .refine((path) => !/[\u0000-\u001f\u007f]/.test(path), { message: "a dataset path may not contain control characters" });

export const DatasetConfigSchema = z.strictObject({
  path: FolderPath,
  id: ArtifactId,
  license: LicenseText,
  format: z.enum(DATASET_FORMATS),
});
export type DatasetConfig = z.infer<typeof DatasetConfigSchema>;

export const AttributionConfigSchema = z
  .looseObject({ datasets: z.array(DatasetConfigSchema).max(100).default([]) })
  .superRefine((config, context) => {
    const seen = { ids: new Set<string>(), paths: new Set<string>() };
    config.datasets.forEach((dataset, position) => {
      if (seen.ids.has(dataset.id))
        context.addIssue({ code: "custom", path: ["datasets", position, "id"], message: `"${dataset.id}" is declared twice` });
      if (seen.paths.has(dataset.path))
        context.addIssue({ code: "custom", path: ["datasets", position, "path"], message: `"${dataset.path}" is declared twice` });
      seen.ids.add(dataset.id);
      seen.paths.add(dataset.path);
    });
  });
export type AttributionConfig = z.infer<typeof AttributionConfigSchema>;

/**
 * Parses `.attribution/config.yaml`:
 *
 * ```yaml
 * datasets:
 *   - { path: data/, id: acme/reviews, license: cc-by-4.0, format: jsonl }
 * ```
 *
 * Unknown top-level keys are ignored (later versions may add some); a wrong dataset entry is one PARAMS_INVALID line
 * naming the field, never a crash, because the file may come from a pull request.
 */
export function parseAttributionConfig(text: string, shownAs = ATTRIBUTION_CONFIG_PATH): AttributionConfig {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw new ShouldersError("PARAMS_INVALID", `${shownAs} is over 64 KiB`);
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (cause) {
    const message = ((cause as Error).message ?? "").split("\n")[0];
    throw new ShouldersError("PARAMS_INVALID", `${shownAs} is not valid YAML: ${message}`, { cause });
  }
  // An empty file is an empty config.
  if (value === null || value === undefined) value = {};
  const parsed = AttributionConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("") : "";
    const where = path.replace(/^\./, "");
    throw new ShouldersError(
      "PARAMS_INVALID",
      `${shownAs}${where ? ` ${where}` : ""}: ${issue?.message ?? "invalid"} (expected datasets: [{ path: data/, id: ORG/NAME, license: ID, format: jsonl|csv|files }])`,
    );
  }
  return parsed.data;
}

/** The config of a work tree, or an empty one when the repository declares no datasets. */
export function readAttributionConfig(repoDir: string): AttributionConfig {
  const path = join(repoDir, ATTRIBUTION_CONFIG_PATH);
  if (!existsSync(path)) return { datasets: [] };
  // Committed by anyone who can merge a pull request: never a symlink (to /dev/zero, or out of the repository) or FIFO,
  // which would hang or mislead the record action on every push.
  const bytes = readBoundedFile(path, { maxBytes: MAX_CONFIG_BYTES, what: ATTRIBUTION_CONFIG_PATH, tooLarge: "PARAMS_INVALID" });
  return parseAttributionConfig(decodeUtf8(bytes, "PARAMS_INVALID"));
}
