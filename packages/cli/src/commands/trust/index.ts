import { commandGroup } from "../../command.js";
import { KEY_ENV } from "../../signing-key.js";
import { trustAdd } from "./add.js";
import { trustLink } from "./link.js";
import { trustList } from "./list.js";
import { trustRevoke } from "./revoke.js";
import { trustRotate } from "./rotate.js";

export const trust = commandGroup({
  name: "trust",
  summary: "add, revoke, link and rotate signers",
  intro: `Decides who may sign. Every change is a key statement in the log, signed by the log key
(--key FILE or $${KEY_ENV}), so nobody can change who signs without a signed trace.`,
  subcommands: new Map([
    ["add", trustAdd],
    ["revoke", trustRevoke],
    ["link", trustLink],
    ["rotate", trustRotate],
    ["list", trustList],
  ]),
});
