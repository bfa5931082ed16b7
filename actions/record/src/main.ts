import { resolve } from "node:path";
import * as core from "@actions/core";
import { cappedMessage, gitTopLevel, headCommit, readAttribution } from "@shoulders/attribution";
import {
  emitAnnotation,
  ensureFullHistory,
  failureMessage,
  findingAnnotation,
  formatCount,
  type GitHubClient,
  InvalidLedgerError,
  ledgerPrefix,
  lineageSnapshot,
  loginsFromPush,
  onlyOwnLedgerCommits,
  type PushRange,
  pushRange,
  type RecordPushResult,
  type RepoRef,
  recordAndPush,
  recordPush,
  renderSummary,
  setCommitStatus,
} from "@shoulders/github";
import { layoutOf, readCheckpoint, readTrust, ShouldersError, toBase64 } from "@shoulders/ledger";
import { type WitnessLedgerResult, witnessLedger } from "@shoulders/witness";
import type { RecordInputs } from "./inputs.js";

export type RecordRuntime = {
  eventName: string;
  payload: unknown;
  repo: RepoRef;
  ref: string;
  sha: string;
  workspace: string;
  runUrl: string;
  octokit: GitHubClient;
};

/** Records a push into the ledger, pushes it back, and reports. Ends in core.setFailed on any error. */
export async function run(inputs: RecordInputs, runtime: RecordRuntime): Promise<void> {
  let prefix = "";
  try {
    const ledgerDir = resolve(runtime.workspace, inputs.path);
    const repoDir = gitTopLevel(ledgerDir);
    if (repoDir === undefined)
      throw new ShouldersError(
        "NOT_A_GIT_REPOSITORY",
        `${inputs.path} is not inside a git checkout; run actions/checkout (fetch-depth: 0) first`,
      );
    prefix = ledgerPrefix(repoDir, ledgerDir);
    if (!runtime.ref.startsWith("refs/heads/")) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `record runs on pushes to a branch, but this run is for ${runtime.ref || "no ref"}; trigger it with on: push: branches: [main]`,
      );
    }
    const branch = inputs.branch ?? runtime.ref.slice("refs/heads/".length);
    if (ensureFullHistory(repoDir))
      core.notice("The clone was shallow, so its whole history was fetched; use actions/checkout with fetch-depth: 0.");

    const range = rangeOf(runtime, repoDir);
    core.info(`Recording ${range.description}.`);
    if (range.kind === "deleted") {
      core.notice(range.description);
      return;
    }
    if (await onlyOwnLedgerCommits(repoDir, range)) {
      core.notice("This push only holds the ledger's own commits: nothing to record.");
      setCheckpointOutputs(ledgerDir, 0);
      return;
    }

    let result: RecordPushResult | undefined;
    const logins = loginsFromPush(runtime.payload);
    const pushed = await recordAndPush({
      repoDir,
      ledgerPrefix: prefix,
      branch,
      attempts: inputs.attempts,
      record: async () => {
        result = await recordPush({ repoDir, ledgerDir, signer: inputs.signer, range, logins, hashEmails: inputs.hashEmails });
        return { entries: result.entries };
      },
      onRetry: (attempt, reason) =>
        core.warning(
          `The push was rejected (${reason}): fetching ${branch} and recording again (attempt ${attempt + 1} of ${inputs.attempts}).`,
        ),
    });
    const recorded = result as RecordPushResult;

    for (const rejected of recorded.rejected) {
      emitAnnotation(core, {
        level: "warning",
        code: rejected.code,
        message: `not integrated: ${rejected.message}`,
        file: relativeTo(repoDir, rejected.file),
      });
    }
    // Said, never fatal: invented trailers must not make a push unrecordable.
    for (const capped of recorded.capped.slice(0, 10)) core.warning(`The ${cappedMessage(capped)}.`);
    if (recorded.capped.length > 10) core.warning(`${recorded.capped.length - 10} more commits had trailers that were not recorded.`);
    for (const dataset of recorded.datasets) {
      if (dataset.kind === "missing")
        core.warning(
          `The dataset folder ${dataset.dataset.path} (${dataset.dataset.id}) declared in .attribution/config.yaml does not exist.`,
        );
      // Said, never fatal: one hostile name in a dataset folder must not fail this push or any later one.
      const skipped = dataset.kind === "missing" ? [] : dataset.skipped;
      for (const entry of skipped.slice(0, 10))
        core.warning(`In ${dataset.dataset.path} (${dataset.dataset.id}), ${entry.path} was not recorded: ${entry.reason}.`);
      if (skipped.length > 10) core.warning(`In ${dataset.dataset.path}, ${skipped.length - 10} more entries were not recorded.`);
    }
    core.setOutput("entries", String(recorded.entries));
    core.setOutput("tree-size", String(recorded.treeSize));
    core.setOutput("root", recorded.rootHash);

    if (inputs.commitStatus) {
      const status = await setCommitStatus({
        octokit: runtime.octokit,
        ...runtime.repo,
        sha: range.after,
        state: "success",
        context: "shoulders/ledger",
        description: `checkpoint: ${recorded.treeSize} entries, root ${recorded.rootHash}`,
        targetUrl: runtime.runUrl,
      });
      // Cosmetic: the ledger is pushed, so a status GitHub would not take is a warning, never a failed job.
      if (status.kind !== "set") core.warning(`${status.message} The ledger is recorded and pushed all the same.`);
    }

    const witnessed = inputs.witnesses ? await cosignPushed(repoDir, prefix, ledgerDir, branch, inputs.attempts) : undefined;

    const facts = [
      `Range: ${range.description}.`,
      `${recorded.entries} new entries: ${recorded.integrated.length} pending statement(s) integrated, ${recorded.commits} commit(s) recorded${bookkeeping(recorded)}, ${recorded.datasets.filter((d) => d.kind === "new").length} dataset version(s).`,
      ...recorded.datasets.flatMap((dataset) =>
        dataset.kind !== "new"
          ? []
          : [
              `${dataset.dataset.id}@${dataset.outcome.predicate.version}: ${formatCount(dataset.outcome.predicate.records)} records in ${formatCount(dataset.outcome.predicate.files)} files${dataset.added.length > 0 ? `; added by ${dataset.added.map((a) => `${a.identity} (${formatCount(a.records)})`).join(", ")}` : ""}.`,
            ],
      ),
      `Checkpoint: ${recorded.treeSize} entries, root ${recorded.rootHash}${recorded.extends !== undefined ? `, extending the previous head's ${recorded.extends}` : ""}.`,
      pushed.pushed
        ? `Pushed ${pushed.commit?.slice(0, 12)} to ${branch}${pushed.attempts > 1 ? ` after ${pushed.attempts} attempts` : ""}.`
        : "Nothing new to push.",
      ...(witnessed === undefined ? [] : witnessed.facts),
    ];
    for (const fact of facts) core.info(fact);
    await writeSummary(renderSummary({ title: `Shoulders: recorded ${recorded.entries} entries`, facts, snapshot: snapshotOf(ledgerDir) }));
    if (witnessed?.refused !== undefined) throw witnessed.refused;
  } catch (error) {
    if (error instanceof InvalidLedgerError) {
      for (const finding of error.findings) emitAnnotation(core, findingAnnotation("error", finding, prefix));
    }
    core.setFailed(failureMessage(error));
  }
}

/**
 * Witnesses cosign only what the log has published: asking before the push could make a witness hold a checkpoint
 * that a rejected push then threw away, and it would refuse the next one as a fork. So the cosignatures travel in a
 * second commit. A witness that refuses saw another history: that fails the job, after the summary is written.
 */
async function cosignPushed(
  repoDir: string,
  prefix: string,
  ledgerDir: string,
  branch: string,
  attempts: number,
): Promise<{ facts: string[]; refused?: ShouldersError } | undefined> {
  const listed = (readTrust(layoutOf(ledgerDir)).witnesses ?? []).filter((w) => w.url !== undefined);
  if (listed.length === 0) return undefined;
  let result: WitnessLedgerResult | undefined;
  await recordAndPush({
    repoDir,
    ledgerPrefix: prefix,
    branch,
    attempts,
    record: async () => {
      result = await witnessLedger({ dir: ledgerDir, fetch: globalThis.fetch });
      return { entries: 0 };
    },
    message: () => "chore(attribution): witness cosignatures",
  });
  const witnessed = result as WitnessLedgerResult;
  core.setOutput("cosignatures", String(witnessed.cosigned));
  // Only a refusal is evidence that the log forked; a witness that is down, ahead (another run published since) or
  // misconfigured is a warning, since the ledger itself was recorded and pushed.
  let refused: ShouldersError | undefined;
  for (const outcome of witnessed.witnesses) {
    if (outcome.ok) continue;
    if (outcome.code === "WITNESS_REFUSED") refused ??= new ShouldersError(outcome.code, outcome.message);
    else core.warning(`${outcome.code}: ${outcome.message}`);
  }
  return {
    facts: [`Witnesses: the checkpoint of ${witnessed.size} entries is cosigned by ${witnessed.cosigned} of ${listed.length}.`],
    ...(refused === undefined ? {} : { refused }),
  };
}

/** A push names its range; a manual or scheduled run catches up on everything reachable that is not recorded. */
function rangeOf(runtime: RecordRuntime, repoDir: string): PushRange {
  if (runtime.eventName === "push") return pushRange(runtime.payload, { repoDir });
  const head = headCommit(repoDir);
  if (head === undefined) throw new ShouldersError("GIT_ERROR", "the checkout has no commit");
  return {
    kind: "first",
    after: head,
    revisions: head,
    description: `every commit reachable from ${head.slice(0, 7)} not yet recorded (a ${runtime.eventName} run)`,
  };
}

/** The commits recorded that credit no code author: the ledger's own, and data contributions. */
function bookkeeping(recorded: RecordPushResult): string {
  const kinds = [
    ...(recorded.ledgerOnly > 0 ? [`${recorded.ledgerOnly} ledger-only, credited to nobody`] : []),
    ...(recorded.dataOnly > 0 ? [`${recorded.dataOnly} data-only, credited through their dataset`] : []),
  ];
  return kinds.length === 0 ? "" : ` (${kinds.join("; ")})`;
}

function setCheckpointOutputs(ledgerDir: string, entries: number): void {
  const layout = layoutOf(ledgerDir);
  const checkpoint = readCheckpoint(layout, readTrust(layout));
  core.setOutput("entries", String(entries));
  core.setOutput("tree-size", String(checkpoint.size));
  core.setOutput("root", toBase64(checkpoint.rootHash));
}

function snapshotOf(ledgerDir: string) {
  const { index, origin, treeSize } = readAttribution({ dir: ledgerDir });
  return lineageSnapshot(index, { origin, treeSize });
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

function relativeTo(repoDir: string, file: string): string {
  return file.startsWith(`${repoDir}/`) ? file.slice(repoDir.length + 1) : file;
}
