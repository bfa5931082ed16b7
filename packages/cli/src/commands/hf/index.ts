import { commandGroup } from "../../command.js";
import { KEY_ENV } from "../../signing-key.js";
import { hfDataset } from "./dataset.js";
import { hfModel } from "./model.js";
import { hfUpload } from "./upload.js";
import { hfVerify } from "./verify.js";

export const hf = commandGroup({
  name: "hf",
  summary: "Hugging Face Hub: signed uploads, dataset and model revisions, verify a repo",
  intro: `Works with the Hugging Face Hub. Every hf command takes --hub-url URL (default
$HF_ENDPOINT, else https://huggingface.co). The token comes from $HF_TOKEN and is never
printed; reading public repositories needs none. Signing commands read the key from
--key FILE or $${KEY_ENV}.`,
  subcommands: new Map([
    ["upload", hfUpload],
    ["dataset", hfDataset],
    ["model", hfModel],
    ["verify", hfVerify],
  ]),
});
