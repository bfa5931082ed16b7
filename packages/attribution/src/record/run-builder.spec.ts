import { describe, expect, it } from "vitest";
import { BuilderIdSchema } from "../predicates/index.js";
import { runBuilder } from "./run-builder.js";

describe("runBuilder", () => {
  it("names a GitHub Actions run as GitHub's buildType does: the workflow builds, the run URL is the invocation", () => {
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/sentiment",
      GITHUB_WORKFLOW_REF: "acme/sentiment/.github/workflows/train.yml@refs/heads/main",
      GITHUB_RUN_ID: "123456",
      GITHUB_RUN_ATTEMPT: "2",
    };
    expect(runBuilder(env, "runner-1")).toEqual({
      builderId: "https://github.com/acme/sentiment/.github/workflows/train.yml@refs/heads/main",
      invocationId: "https://github.com/acme/sentiment/actions/runs/123456/attempts/2",
    });
  });

  it("names a machine of the trainer's own by one documented URI, the host in its fragment", () => {
    expect(runBuilder({}, "gpu-box-1")).toEqual({ builderId: "https://shoulders.dev/builders/cli#gpu-box-1" });
    // Whatever the host is called, the id stays a URI that SLSA Provenance v1 accepts as builder.id.
    for (const host of ["gpu box/1", "", "ホスト", "a#b?c"]) {
      const { builderId } = runBuilder({ GITHUB_ACTIONS: "true" }, host);
      expect(BuilderIdSchema.safeParse(builderId).success, builderId).toBe(true);
      expect(builderId).toMatch(/^https:\/\/shoulders\.dev\/builders\/cli#[A-Za-z0-9.-]+$/);
    }
  });
});
