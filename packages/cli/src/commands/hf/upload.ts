import { resolve } from "node:path";
import { parseModelRelation } from "@shoulders/attribution";
import {
  type PublishedCosignatures,
  type PublishedRelease,
  parseRepoName,
  parseRevision,
  publishRelease,
  requireToken,
} from "@shoulders/hf";
import { ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { hashCachePath } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { HUB_FIELD_FLAGS, HUB_URL_OPTION, hubOf } from "../../hub-option.js";
import type { Io } from "../../io.js";
import { entries, printHelp, printJson, progressBar } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const hfUpload: Subcommand = {
  usage: `hf upload DIR --repo ORG/NAME [--license L] [--from-run RUN] [--base-model REF]...
          [--dataset ID]... [--id MODEL_ID] [--relation R] [--version V]
          [--revision BRANCH] [--pr] [--delete-extra] [--message TEXT]`,
  about: `checks the licenses along the lineage and stops on a conflict nobody accepted;
signs the release of DIR's files (README.md and .attribution/ are not among them);
renders the model card (license, base_model, datasets, the attribution block, "License
at a glance", "Lineage"), keeping DIR/README.md or else the card already on the Hub;
then uploads the files, the card and .attribution/ in ONE commit. The release enters
the ledger only once the Hub accepted that commit. Needs the log key and a write token.
--license defaults to the card's license; --dataset adds a Hub dataset to the card;
--delete-extra removes files of the repository that the release does not list.
When trust.json lists witnesses (shoulders witness add), they are then asked to cosign
the new checkpoint, and the cosigned checkpoint follows in a second commit.`,
  flags: {
    ...HUB_FIELD_FLAGS,
    branch: "--revision",
    repo: "--repo",
    datasets: "--dataset",
    id: "--id",
    version: "--version",
    license: "--license",
    relation: "--relation",
    baseModels: "--base-model",
  },
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "hf upload",
      argv,
      {
        ...HUB_URL_OPTION,
        key: { type: "string" },
        repo: { type: "string" },
        license: { type: "string" },
        "from-run": { type: "string" },
        "base-model": { type: "string", multiple: true },
        dataset: { type: "string", multiple: true },
        id: { type: "string" },
        relation: { type: "string" },
        version: { type: "string" },
        revision: { type: "string" },
        pr: { type: "boolean" },
        "delete-extra": { type: "boolean" },
        message: { type: "string" },
      },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    if (values.repo === undefined)
      throw new ShouldersError("USAGE", "hf upload: --repo ORG/NAME is required, e.g. --repo acme/sentiment-large");
    const repo = parseRepoName(values.repo, "--repo");
    if (values.revision !== undefined) parseRevision(values.revision);
    const relation = values.relation === undefined ? undefined : parseModelRelation(values.relation);
    // Checked before the key and the ledger, so a missing token is the first thing said, not the last.
    const hub = hubOf(io, values["hub-url"]);
    requireToken(hub);
    const dir = ledgerDir(io, values.dir);
    const signer = loadSigner(io, values.key);
    const progress = progressBar(io, "hashing");
    const published = await publishRelease({
      repo,
      folder: resolve(io.cwd, positionals[0] as string),
      credentials: { hubUrl: hub.hubUrl, env: io.env },
      ledgerDir: dir,
      signer,
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values.license === undefined ? {} : { license: values.license }),
      ...(values.version === undefined ? {} : { version: values.version }),
      ...(values["from-run"] === undefined ? {} : { fromRun: values["from-run"] }),
      baseModels: values["base-model"] ?? [],
      ...(relation === undefined ? {} : { relation }),
      datasets: values.dataset ?? [],
      deleteExtra: values["delete-extra"] === true,
      ...(values.revision === undefined ? {} : { revision: values.revision }),
      pr: values.pr === true,
      ...(values.message === undefined ? {} : { commitTitle: values.message }),
      hashCachePath: hashCachePath(dir),
      onProgress: (_phase, done, total) => progress.update(done, total),
    }).finally(() => progress.finish());
    const { upload, witnesses } = published;
    for (const skipped of upload.skipped) io.stderr(`skipped ${skipped.path}: ${skipped.reason}\n`);
    const exitCode = published.refused ? 1 : 0;
    if (values.json) {
      printJson(io, witnesses === undefined ? upload : { ...upload, witnesses });
      return exitCode;
    }
    describeUpload(io, published);
    if (witnesses !== undefined) describeWitnessed(io, witnesses);
    io.stdout(`Anyone can check it: shoulders hf verify ${upload.repo}\n`);
    return exitCode;
  },
};

function describeUpload(io: Io, { upload }: PublishedRelease): void {
  const { release, commit } = upload;
  io.stdout(
    `Uploaded ${release.files} file(s) to ${upload.repo} with the model card and the ledger, in one commit ${commit.commit.oid.slice(0, 7)} (${commit.commit.url}).\n`,
  );
  if (commit.pullRequestUrl !== undefined) io.stdout(`Opened a pull request: ${commit.pullRequestUrl}\n`);
  if (upload.confirmedAfterNetworkError)
    io.stdout("The Hub's answer was lost to a network error, but the branch holds this commit's ledger.\n");
  io.stdout(
    release.recorded
      ? `Recorded the release ${release.id} (${release.license}) as entry ${release.index}; the checkpoint covers ${entries(upload.ledger.treeSize)}.\n`
      : `An identical release of ${release.id} is already entry ${release.index}; nothing new was recorded.\n`,
  );
  if (upload.deleted.length > 0) io.stdout(`Deleted from the repository: ${upload.deleted.join(", ")}\n`);
  if (upload.extraOnHub.length > 0) {
    io.stderr(
      `warning: ${upload.extraOnHub.length} file(s) in ${upload.repo} are not in this release (${preview(upload.extraOnHub)}); hf verify reports them. --delete-extra removes them in the same commit.\n`,
    );
  }
}

function describeWitnessed(io: Io, witnessed: PublishedCosignatures): void {
  for (const outcome of witnessed.witnesses) {
    if (outcome.ok) io.stdout(`✓ witness ${outcome.name} cosigned the checkpoint\n`);
    else io.stderr(`${outcome.code}: ${outcome.message}\n`);
  }
  if (witnessed.commit !== undefined) {
    io.stdout(`Published the checkpoint with ${witnessed.cosigned} cosignature(s) in commit ${witnessed.commit.slice(0, 7)}.\n`);
  }
  if (witnessed.problem !== undefined) {
    io.stderr(`warning: the cosigned checkpoint stays local: ${witnessed.problem}; run \`shoulders hf upload\` again to publish it\n`);
  }
}

function preview(paths: readonly string[]): string {
  return paths.length <= 3 ? paths.join(", ") : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;
}
