import * as core from "@actions/core";
import { context, getOctokit } from "@actions/github";
import { failureMessage } from "@shoulders/github";
import { parseRecordInputs, type RawRecordInputs } from "./inputs.js";
import { run } from "./main.js";

// Mask the key before anything else can print it, even if it turns out to be malformed.
const key = core.getInput("signing-key");
if (key !== "") core.setSecret(key);

try {
  const names = ["github-token", "path", "signing-key", "branch", "attempts", "hash-emails", "commit-status", "witnesses"] as const;
  const raw = Object.fromEntries(names.map((name) => [name, core.getInput(name)])) as RawRecordInputs;
  const inputs = parseRecordInputs(raw);
  await run(inputs, {
    eventName: context.eventName,
    payload: context.payload,
    repo: context.repo,
    ref: context.ref,
    sha: context.sha,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    runUrl: `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`,
    octokit: getOctokit(inputs.token),
  });
} catch (error) {
  core.setFailed(failureMessage(error));
}
