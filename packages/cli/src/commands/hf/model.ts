import { openAttributionLedger, readAttribution } from "@shoulders/attribution";
import { hubModelStatements, parseRepoName } from "@shoulders/hf";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { HUB_FIELD_FLAGS, HUB_URL_OPTION, hubOf } from "../../hub-option.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const hfModel: Subcommand = {
  usage: "hf model ORG/NAME [--revision REV] [--no-ancestors]",
  about: `records a Hub model as an external base model: its commit, the license its card
declares, and its base_model chain (each ancestor is recorded too, unless
--no-ancestors). Then use it as --base-model hf:ORG/NAME.`,
  flags: HUB_FIELD_FLAGS,
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "hf model",
      argv,
      { ...HUB_URL_OPTION, key: { type: "string" }, revision: { type: "string" }, "no-ancestors": { type: "boolean" } },
      { min: 1, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    const name = parseRepoName(positionals[0] as string, "model");
    const hub = hubOf(io, values["hub-url"]);
    const dir = ledgerDir(io, values.dir);
    const signer = loadSigner(io, values.key);
    const outcome = await hubModelStatements(hub, {
      name,
      ...(values.revision === undefined ? {} : { revision: values.revision }),
      ancestors: values["no-ancestors"] !== true,
      entries: readAttribution({ dir }).entries,
    });
    for (const skipped of outcome.skipped) io.stderr(`skipped ${skipped.ref}: ${skipped.reason}\n`);
    if (outcome.statements.length === 0) {
      if (values.json) return printJson(io, { recorded: false, alreadyRecorded: outcome.alreadyRecorded });
      const first = outcome.alreadyRecorded[0];
      io.stdout(
        `Nothing new: ${first === undefined ? name : `hf:${first.repo}@${first.revision.slice(0, 12)}`} and its chain are recorded.\n`,
      );
      return 0;
    }
    const result = await openAttributionLedger(dir).submit(outcome.statements, signer);
    if (values.json)
      return printJson(io, { recorded: true, models: outcome.recorded, alreadyRecorded: outcome.alreadyRecorded, ...result });
    const described = outcome.recorded
      .map(
        (m) =>
          `hf:${m.repo}@${m.revision.slice(0, 12)} (${m.license ?? "no license declared"}${m.baseModels.length > 0 ? `, from ${m.baseModels.join(", ")}` : ""})`,
      )
      .join("; ");
    describeSubmit(io, result, described || "license declarations");
    const top = outcome.recorded.at(-1) ?? outcome.alreadyRecorded[0];
    if (top !== undefined) io.stdout(`Use it as --base-model hf:${top.repo}\n`);
    return 0;
  },
};
