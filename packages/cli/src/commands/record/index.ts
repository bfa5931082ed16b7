import { commandGroup } from "../../command.js";
import { KEY_ENV } from "../../signing-key.js";
import { recordCommits } from "./commits.js";
import { recordDataset } from "./dataset.js";
import { recordLicense } from "./license.js";
import { recordPolicy } from "./policy.js";
import { recordRelease } from "./release.js";
import { recordRun } from "./run.js";
import { recordUsage } from "./usage.js";

export const record = commandGroup({
  name: "record",
  summary: "record commits, datasets, runs, releases, usage and split policies",
  intro: `Records who did what as signed statements. With a log key they are appended; with any
other key they become pending files. The key comes from --key FILE or $${KEY_ENV}.`,
  subcommands: new Map([
    ["commits", recordCommits],
    ["dataset", recordDataset],
    ["run", recordRun],
    ["release", recordRelease],
    ["usage", recordUsage],
    ["policy", recordPolicy],
    ["license", recordLicense],
  ]),
});
