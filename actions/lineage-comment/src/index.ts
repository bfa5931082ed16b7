import { tmpdir } from "node:os";
import * as core from "@actions/core";
import { context, getOctokit } from "@actions/github";
import { failureMessage } from "@shoulders/github";
import { parseLineageCommentInputs, type RawLineageCommentInputs } from "./inputs.js";
import { run } from "./main.js";

try {
  const names = ["github-token", "path", "comment"] as const;
  const inputs = parseLineageCommentInputs(Object.fromEntries(names.map((name) => [name, core.getInput(name)])) as RawLineageCommentInputs);
  await run(inputs, {
    eventName: context.eventName,
    payload: context.payload,
    repo: context.repo,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    octokit: getOctokit(inputs.token),
  });
} catch (error) {
  core.setFailed(failureMessage(error));
}
