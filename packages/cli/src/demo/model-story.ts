import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "@shoulders/attribution";
import { layoutOf, parseSecretKey, publicKeyFromSecret, readLog, sha256Hex, toBase64 } from "@shoulders/ledger";
import type { Shell } from "./shell.js";
import { trainSentiment } from "./tiny-train.js";

const POSITIVE = [
  "great sound and a lovely screen",
  "works well, very happy",
  "excellent value, would buy again",
  "fast delivery and great quality",
];
const NEGATIVE = ["broke after a week", "terrible battery, very slow", "awful support, not happy", "poor quality and late delivery"];

type Author = { name: string; email: string };
const MAYA: Author = { name: "Maya", email: "1001+maya@users.noreply.github.com" };
const DEV: Author = { name: "Dev", email: "4242+dev@users.noreply.github.com" };
const TOMO: Author = { name: "Tomo", email: "5151+tomo@users.noreply.github.com" };

/** Labelled review rows, as .jsonl: the demo's real dataset. */
function reviews(count: number, offset: number): string {
  return Array.from({ length: count }, (_, i) => {
    const positive = (i + offset) % 2 === 0;
    const pool = positive ? POSITIVE : NEGATIVE;
    // Each row its own id: a dataset credits distinct records, and the pools repeat (docs/revenue-split.md).
    return `${JSON.stringify({ id: `${offset}-${i}`, text: pool[(i + offset) % pool.length], label: positive ? 1 : 0 })}\n`;
  }).join("");
}

/**
 * Part two: a model's whole story in a real git repository: commits by several authors, a dataset with contributors,
 * a real (tiny) fine-tune, a release, then verification, lineage and an explanation.
 */
export async function modelStory(dir: string, shell: Shell, mayaKey: string): Promise<void> {
  const say = shell.say;
  const maya = { SHOULDERS_SIGNING_KEY: mayaKey };
  const repo = join(dir, "sentiment");
  mkdirSync(join(repo, "data", "maya"), { recursive: true });
  mkdirSync(join(repo, "data", "dev"), { recursive: true });
  const hasGit = gitAvailable(repo);
  const git = (args: string[], author: Author) =>
    runGit(repo, args, {
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      },
    });
  const commit = (files: Record<string, string>, message: string, author: Author) => {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(repo, file), text);
    if (!hasGit) return;
    git(["add", "."], author);
    git(["commit", "-q", "-m", message], author);
  };

  say("9. Part two: a model's whole story. Maya, Dev and Tomo work in the git repository acme/sentiment.");
  if (hasGit) {
    git(["init", "-q"], MAYA);
    git(["remote", "add", "origin", "https://github.com/acme/sentiment.git"], MAYA);
  }
  commit(
    { "train.py": "# fine-tunes the sentiment model\n", "data/maya/reviews.jsonl": reviews(40, 0) },
    "Training code and 40 reviews",
    MAYA,
  );
  commit(
    { "data/dev/reviews.jsonl": reviews(24, 1) },
    "Add 24 labelled reviews\n\nCo-authored-by: Tomo <5151+tomo@users.noreply.github.com>",
    DEV,
  );
  commit({ "train.py": "# fine-tunes the sentiment model\nEPOCHS = 3\n" }, "Train for three epochs", TOMO);
  await shell(maya, ["init"]);
  if (hasGit) await shell(maya, ["record", "commits"]);
  else say("(git is not installed here, so the commits are not recorded; everything else works without it.)");

  say("10. The dataset, with each contributor's records counted from the files they added.");
  await shell(maya, [
    "record",
    "dataset",
    "data",
    "--id",
    "acme/reviews",
    "--license",
    "cc-by-4.0",
    "--contributor",
    "github:maya=maya/*.jsonl",
    "--contributor",
    "github:dev=dev/*.jsonl",
  ]);

  mkdirSync(join(repo, "out"), { recursive: true });
  const trained = trainSentiment(
    [join(repo, "data", "maya", "reviews.jsonl"), join(repo, "data", "dev", "reviews.jsonl")],
    join(repo, "out", "model.safetensors"),
    { epochs: 3, learningRate: 0.5 },
  );
  writeFileSync(join(repo, "out", "config.json"), `${JSON.stringify({ architectures: ["BagOfWordsLogistic"], features: 64 }, null, 2)}\n`);
  writeFileSync(join(repo, "train.yaml"), "learning_rate: 0.5\nepochs: 3\nfeatures: 64\n");
  const accuracy = `${(trained.accuracy * 100).toFixed(0)}%`;
  say(
    `11. Tomo fine-tunes (a real, tiny training step: ${trained.examples} reviews, 3 epochs, training accuracy ${accuracy}) and records the run as SLSA provenance.`,
  );
  await shell(maya, [
    "record",
    "run",
    "--id",
    "ft-2026-11",
    "--base-model",
    "hf:google-bert/bert-base-uncased",
    "--dataset",
    "acme/reviews:epochs=3",
    "--output",
    "out",
    "--params",
    "train.yaml",
    "--trainer",
    "github:tomo",
  ]);

  say("12. The release, linked to its run and base model.");
  await shell(maya, ["record", "release", "out", "--id", "acme/sentiment-large", "--license", "apache-2.0", "--from-run", "ft-2026-11"]);

  say("13. Licenses along the lineage: the base model's license is recorded, then every release is checked.");
  await shell(maya, ["record", "license", "hf:google-bert/bert-base-uncased", "--license", "apache-2.0"]);
  await shell({}, ["license", "check"]);
  await shell({}, ["license", "explain", "cc-by-4.0"]);

  say("14. Anyone can verify it, trace its ancestors, and read the story in plain words.");
  await shell({}, ["verify"]);
  await shell({}, ["lineage", "acme/sentiment-large"]);
  await shell({}, ["lineage", "acme/sentiment-large", "--format", "mermaid"]);
  await shell({}, ["explain", "acme/sentiment-large"]);

  say("15. An inference provider serves the model. Maya lets its key sign usage receipts; it reports November: 1.2 M runs, 480.00 USD.");
  await shell({}, ["keygen", "--out", "../provider.key", "--name", "inferco"]);
  const providerKey = readFileSync(join(dir, "provider.key"), "utf8").trim();
  const providerPublic = toBase64(publicKeyFromSecret(parseSecretKey(providerKey)));
  await shell(maya, ["trust", "add", "--public-key", providerPublic, "--identity", "github:inferco", "--role", "usage"]);
  await shell({ SHOULDERS_SIGNING_KEY: providerKey }, [
    "record",
    "usage",
    "--artifact",
    "acme/sentiment-large",
    "--uses",
    "1200000",
    "--revenue",
    "480.00",
    "--currency",
    "USD",
    "--period",
    "2026-11-01/2026-11-30",
  ]);
  await shell(maya, ["integrate"]);

  say("16. Maya pays everyone for November, to the cent, with the reasons. Anyone with the repository gets the same numbers.");
  await shell({}, ["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--markdown"]);
  await shell({}, ["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--drips"]);
  say(
    "    Attack: someone copies the provider's signed receipt into pending/, to count November twice. Its signature is genuine, but the log takes a statement once: integrate refuses the copy, and the split stays as it is.",
  );
  replayLastEntry(repo);
  await shell(maya, ["integrate"], 1);
  await shell({}, ["split", "--artifact", "acme/sentiment-large", "--period", "2026-11-01/2026-11-30", "--markdown"]);
  rmSync(layoutOf(repo).pendingDir, { recursive: true, force: true });

  say("17. The model card carries the license at a glance, the lineage, and the ledger's checkpoint.");
  await shell({}, ["card", "README.md", "--artifact", "acme/sentiment-large", "--write"]);
  await shell({}, ["card", "README.md", "--artifact", "acme/sentiment-large", "--write"]);

  say("18. A conflict caught: Tomo fine-tunes on forum posts licensed CC-BY-NC-4.0 and releases the result as Apache-2.0.");
  mkdirSync(join(repo, "forum"), { recursive: true });
  writeFileSync(join(repo, "forum", "posts.jsonl"), reviews(12, 0));
  mkdirSync(join(repo, "out-xl"), { recursive: true });
  trainSentiment([join(repo, "forum", "posts.jsonl")], join(repo, "out-xl", "model.safetensors"), { epochs: 1, learningRate: 0.5 });
  await shell(maya, [
    "record",
    "dataset",
    "forum",
    "--id",
    "acme/forum-posts",
    "--license",
    "cc-by-nc-4.0",
    "--contributor",
    "github:dev=12",
  ]);
  await shell(maya, [
    "record",
    "run",
    "--id",
    "ft-2026-12",
    "--base-model",
    "acme/sentiment-large",
    "--dataset",
    "acme/forum-posts",
    "--output",
    "out-xl",
    "--trainer",
    "github:tomo",
  ]);
  await shell(maya, ["record", "release", "out-xl", "--id", "acme/sentiment-xl", "--license", "apache-2.0", "--from-run", "ft-2026-12"]);
  await shell({}, ["license", "check", "acme/sentiment-xl"], 1);
}

function gitAvailable(dir: string): boolean {
  try {
    runGit(dir, ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/** A byte copy of the log's last entry, put into pending/ under its own digest, as a pull request could. */
function replayLastEntry(repo: string): void {
  const layout = layoutOf(repo);
  let last: Uint8Array | undefined;
  for (const event of readLog(layout)) if (event.kind === "line") last = event.bytes;
  const bytes = Buffer.concat([last ?? Buffer.alloc(0), Buffer.from("\n")]);
  mkdirSync(layout.pendingDir, { recursive: true });
  writeFileSync(join(layout.pendingDir, `${sha256Hex(bytes)}.json`), bytes);
}
