/** The example workflows must use the actions as they are: real inputs, and the permissions each action needs. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

const yaml = createRequire(join(REPO_ROOT, "packages", "attribution", "package.json"))("yaml") as { parse(text: string): unknown };
type Step = { uses?: string; with?: Record<string, string> };
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
};
const read = <T>(...path: string[]) => yaml.parse(readFileSync(join(REPO_ROOT, ...path), "utf8")) as T;

describe.each([
  ["shoulders-record.yml", "record", { contents: "write", statuses: "write" }, "push"],
  ["shoulders-verify.yml", "verify", { contents: "read" }, "pull_request"],
  ["shoulders-lineage.yml", "lineage-comment", { contents: "read", "pull-requests": "write" }, "pull_request_target"],
])("examples/workflows/%s", (file, action, permissions, event) => {
  const workflow = read<Workflow>("examples", "workflows", file);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((candidate) => candidate.uses?.startsWith(`OWNER/shoulders/actions/${action}@`));

  it(`uses the ${action} action with inputs it declares, on ${event}, with the permissions it needs`, () => {
    expect(step).toBeDefined();
    const inputs = Object.keys(read<{ inputs: Record<string, unknown> }>("actions", action, "action.yml").inputs);
    for (const name of Object.keys(step?.with ?? {})) expect(inputs).toContain(name);
    expect(workflow.on).toHaveProperty(event);
    expect(workflow.permissions).toEqual(permissions);
    // The whole history: ranges, merge bases and the base branch's pinned files are read from git.
    expect(steps.find((candidate) => candidate.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
  });

  if (action === "record") {
    it("is the one ledger writer: a concurrency group that queues and never cancels", () => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax
      expect(workflow.concurrency).toEqual({ group: "shoulders-ledger-${{ github.repository }}", "cancel-in-progress": false });
      // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax
      expect(step?.with?.["signing-key"]).toBe("${{ secrets.SHOULDERS_SIGNING_KEY }}");
    });
  }
  if (action === "lineage-comment") {
    it("never checks out the pull request's head on pull_request_target", () => {
      const checkout = steps.find((candidate) => candidate.uses?.startsWith("actions/checkout@"));
      expect(checkout?.with?.ref).toBeUndefined();
      expect(steps.filter((candidate) => candidate.uses === undefined)).toEqual([]);
    });
  }
});
