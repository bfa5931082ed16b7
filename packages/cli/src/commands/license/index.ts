import { commandGroup } from "../../command.js";
import { licenseAccept } from "./accept.js";
import { licenseCheck } from "./check.js";
import { licenseExplain } from "./explain.js";

export const license = commandGroup({
  name: "license",
  summary: "licenses at a glance, and conflicts along the lineage",
  outro: "To declare or change an artifact's license: shoulders record license ARTIFACT --license L.",
  subcommands: new Map([
    ["explain", licenseExplain],
    ["check", licenseCheck],
    ["accept", licenseAccept],
  ]),
});
