import * as core from "@actions/core";
import { context } from "@actions/github";
import { failureMessage } from "@shoulders/github";
import { parseVerifyInputs, type RawVerifyInputs } from "./inputs.js";
import { run } from "./main.js";

try {
  const names = ["github-token", "path", "strict", "license-conflicts", "require-witness", "witness-keys"] as const;
  const inputs = parseVerifyInputs(Object.fromEntries(names.map((name) => [name, core.getInput(name)])) as RawVerifyInputs);
  await run(inputs, { eventName: context.eventName, payload: context.payload, workspace: process.env.GITHUB_WORKSPACE ?? process.cwd() });
} catch (error) {
  core.setFailed(failureMessage(error));
}
