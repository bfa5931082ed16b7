import { resolve } from "node:path";
import * as core from "@actions/core";
import { gitTopLevel, headCommit } from "@shoulders/attribution";
import {
  emitAnnotation,
  ensureFullHistory,
  failureMessage,
  fetchRef,
  mergeBase,
  parsePullRequestPayload,
  renderSummary,
  resolveCommit,
  verifyRepository,
} from "@shoulders/github";
import { ShouldersError } from "@shoulders/ledger";
import type { VerifyInputs } from "./inputs.js";

export type VerifyRuntime = { eventName: string; payload: unknown; workspace: string };

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

/** Verifies the ledger (against the base branch on pull requests), annotates, summarises. Ends in core.setFailed. */
export async function run(inputs: VerifyInputs, runtime: VerifyRuntime): Promise<void> {
  try {
    const ledgerDir = resolve(runtime.workspace, inputs.path);
    const repoDir = gitTopLevel(ledgerDir);
    if (repoDir === undefined)
      throw new ShouldersError("NOT_A_GIT_REPOSITORY", `${inputs.path} is not inside a git checkout; run actions/checkout first`);
    const base = PULL_REQUEST_EVENTS.has(runtime.eventName) ? pinnedBase(repoDir, runtime.payload) : undefined;
    const outcome = verifyRepository({
      repoDir,
      ledgerDir,
      ...(base === undefined ? {} : { base }),
      strict: inputs.strict,
      licenseConflicts: inputs.licenseConflicts,
      witnesses: inputs.witnesses,
    });
    for (const annotation of outcome.annotations) emitAnnotation(core, annotation, "Shoulders verify");
    core.setOutput("valid", String(outcome.valid));
    core.setOutput("tree-size", String(outcome.treeSize));

    const facts = [
      outcome.hasLedger
        ? `${outcome.snapshot.origin ?? outcome.verdict?.origin ?? "ledger"}: ${outcome.treeSize} entries committed${outcome.rootHash ? ` (root ${outcome.rootHash})` : ""}.`
        : "No ledger in this repository yet.",
      ...(base === undefined
        ? []
        : [
            outcome.pinned
              ? `Pinned to the base branch ${base.name} at ${base.revision.slice(0, 12)}: its trust.json and checkpoint${outcome.verdict?.extends ? `; the log extends its ${outcome.verdict.extends.size} entries` : ""}.`
              : `The base branch ${base.name} has no ledger to pin.`,
          ]),
      ...(outcome.verdict?.cosignatures === undefined
        ? []
        : [`Witnesses: cosigned by ${describeCosigners(outcome.verdict.cosignatures)}; ${inputs.witnesses.required ?? 0} required.`]),
    ];
    const errors = outcome.annotations.filter((annotation) => annotation.level === "error");
    const findings = outcome.annotations.map((annotation) => ({
      level: annotation.level,
      ...(annotation.code === undefined ? {} : { code: annotation.code }),
      message:
        annotation.file === undefined
          ? annotation.message
          : `${annotation.file}${annotation.line ? `:${annotation.line}` : ""}: ${annotation.message}`,
    }));
    await writeSummary(
      renderSummary({ title: `Shoulders ledger: ${outcome.valid ? "valid" : "INVALID"}`, facts, findings, snapshot: outcome.snapshot }),
    );
    core.info(facts.join("\n"));
    if (!outcome.valid) {
      const first = errors[0];
      core.setFailed(
        `${first?.code ?? "INVALID"}: the ledger does not verify (${errors.length} problem${errors.length === 1 ? "" : "s"}; see the annotations): ${first?.message ?? ""}`,
      );
    }
  } catch (error) {
    core.setFailed(failureMessage(error));
  }
}

/**
 * The base commit whose root and checkpoint a pull request must keep: read from git, never from the head. It is the
 * merge base of what was checked out (the merge commit, or the head) and the base branch as fetched now, so a base
 * that moved on since does not make an untouched pull request look like it dropped entries.
 */
function pinnedBase(repoDir: string, payload: unknown): { revision: string; name: string } {
  const pull = parsePullRequestPayload(payload);
  ensureFullHistory(repoDir);
  const local = `refs/remotes/shoulders/base/${pull.base.ref}`;
  const fetched = fetchRef(repoDir, `refs/heads/${pull.base.ref}`, local) ? resolveCommit(repoDir, local) : undefined;
  const tip = fetched ?? resolveCommit(repoDir, pull.base.sha);
  if (tip === undefined)
    throw new ShouldersError(
      "GIT_ERROR",
      `cannot fetch the base branch ${pull.base.ref}; check out with actions/checkout (fetch-depth: 0)`,
    );
  const head = headCommit(repoDir);
  const revision = (head === undefined ? undefined : mergeBase(repoDir, head, tip)) ?? tip;
  return { revision, name: pull.base.ref };
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

/** Counted witnesses first; those only the ledger's own trust.json lists are named but marked. */
function describeCosigners(cosignatures: readonly { name: string; counted: boolean }[]): string {
  const counted = cosignatures.filter((c) => c.counted).map((c) => c.name);
  const listed = cosignatures.filter((c) => !c.counted).map((c) => c.name);
  return `${counted.length}${counted.length > 0 ? ` (${counted.join(", ")})` : ""}${listed.length > 0 ? `, and ${listed.length} not counted, listed by the ledger's owners (${listed.join(", ")})` : ""}`;
}
