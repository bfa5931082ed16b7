import { commandGroup } from "../../command.js";
import { witnessAdd } from "./add.js";
import { witnessList } from "./list.js";
import { witnessRemove } from "./remove.js";
import { witnessServe } from "./serve.js";
import { witnessSubmit } from "./submit.js";

export const witness = commandGroup({
  name: "witness",
  summary: "run a witness, or get the checkpoint cosigned by independent ones",
  intro: `Witnesses make history outside the repository's control. A witness (C2SP tlog-witness)
keeps the last checkpoint it cosigned for each log, and cosigns a new one only when a
consistency proof shows it extends that one. Whoever holds the log key can rewrite the
repository, but no honest witness will cosign the rewrite, so
\`shoulders verify --require-witness N\` catches it.`,
  outro: `Then anyone can check, naming the witnesses they trust (not the ledger's own list):
  shoulders verify --require-witness 1 --witness-key VKEY`,
  subcommands: new Map([
    ["serve", witnessServe],
    ["add", witnessAdd],
    ["remove", witnessRemove],
    ["submit", witnessSubmit],
    ["list", witnessList],
  ]),
});
