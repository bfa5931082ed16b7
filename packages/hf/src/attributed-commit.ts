import type { CommitOutput, CommitParams } from "@huggingface/hub";
import {
  ArtifactId,
  type Attribution,
  AttributionIndex,
  openAttributionLedger,
  type ReleaseFilesInput,
  type ReleasePredicate,
  releaseFromFiles,
  Version,
} from "@shoulders/attribution";
import {
  type Ledger,
  type LedgerEntry,
  type LogWriter,
  layoutOf,
  type PreparedAppend,
  readTrust,
  ShouldersError,
  type Signer,
  toBase64,
  writerLogKey,
} from "@shoulders/ledger";
import { readCardMetadata, renderCard } from "./card/index.js";
import { commitRelease } from "./commit-release.js";
import { type Hub, parseRepoName, parseRevision, requireToken } from "./hub-options.js";
import { ledgerFiles } from "./ledger-files.js";
import { assertReleaseLicenses } from "./license-gate.js";
import { planCommitOperations } from "./plan-commit-operations.js";
import type { UploadPlan } from "./plan-upload.js";
import { readHubSide } from "./read-hub-side.js";
import { readLocalLedger } from "./read-local-ledger.js";
import { releaseCardUpdate } from "./release-card.js";

/** What the upload needs besides the Hub: the ledger, the log key, and what to say about the release. */
export type AttributionOptions = {
  /** The folder that holds `.attribution/`. */
  ledgerDir: string;
  /**
   * The log key. The release must be in the log before the card can name its entry, so a contributor key, which can
   * only propose pending statements, cannot upload.
   */
  signer: Signer;
  /** The release's id in the ledger. Default: the repository's ORG/NAME. */
  id?: string;
  /** Default: the card's `license:`. */
  license?: string;
  version?: string;
  fromRun?: string;
  /** Models released in this ledger (ORG/NAME) or on the Hub (hf:ORG/NAME[@REV]); default: the run's. */
  baseModels?: readonly string[];
  relation?: ReleasePredicate["relation"];
  /** Hub dataset ids for the card's `datasets:`, besides those the run trained on. */
  datasets?: readonly string[];
  /** Delete files in the repository that this release does not list, in the same commit. Default false. */
  deleteExtra?: boolean;
  /** How long to wait for another writer's ledger lock. */
  lockTimeoutMs?: number;
  onProgress?: (phase: "hashing", done: number, total: number) => void;
};

export type AttributedCommitResult = {
  repo: string;
  commit: CommitOutput;
  release: { id: string; index: number; recorded: boolean; license: string; files: number; bytes: number; manifest: string };
  ledger: { origin: string; treeSize: number; rootHash: string };
  card: { base: "local" | "hub" | "new"; changed: boolean };
  /** Files in the repository that the release does not list (kept unless deleteExtra): `hf verify` reports them. */
  extraOnHub: string[];
  deleted: string[];
  skipped: { path: string; reason: string }[];
  /** The commit's answer was lost to a network error, but the branch was found to hold exactly our ledger. */
  confirmedAfterNetworkError: boolean;
};

export type AttributedCommitRequest = {
  hub: Hub;
  repo: string;
  branch?: string;
  isPullRequest?: boolean;
  title?: string;
  description?: string;
  /** The caller's README.md, when it uploads one: the base of the card instead of the Hub's. */
  localCard: string | undefined;
  /** Hashes the files; called only after the license check passed. */
  plan: (onProgress: ((done: number, total: number) => void) | undefined) => Promise<UploadPlan>;
  attribution: AttributionOptions;
  /** Passed through to @huggingface/hub's commit. useXet defaults to false: plain LFS, which every Hub serves. */
  client?: Pick<CommitParams, "useXet" | "useWebWorkers" | "abortSignal" | "maxFolderDepth">;
};

/**
 * The upload hook: checks licenses along the lineage, hashes and signs the release, renders the card, and sends the
 * files, the card and the ledger in ONE commit, so the Hub never holds a model without its record. The release is
 * appended to the local ledger only after the Hub accepted that commit, under the ledger lock held since before the
 * card was rendered, so the entry index and checkpoint the card names are the ones the ledger gets, and a failed
 * upload leaves no release that never happened.
 */
export async function attributedCommit(request: AttributedCommitRequest): Promise<AttributedCommitResult> {
  const { hub, attribution } = request;
  const { branch, datasets } = parseRequest(request);
  const layout = layoutOf(attribution.ledgerDir);
  const trust = readTrust(layout);
  // Before anything is hashed or sent: the card names the release's entry in the log, so only a current log key uploads.
  writerLogKey(trust, attribution.signer.publicKey);

  // 1. Read the Hub side, writing nothing.
  const hubSide = await readHubSide(hub, request.repo, branch, request.localCard);
  const { repo } = hubSide;
  const id = attribution.id ?? repo;

  // 2. Read and verify the local ledger, and check licenses along the lineage, before anything is hashed, signed or sent.
  const releaseInput = releaseInputOf(attribution, id, hubSide.card);
  let ledger = readLocalLedger(attribution.ledgerDir, hubSide.checkpoint, repo);
  assertReleaseLicenses(ledger.index, releaseInput);

  // 3. Hash the files (no lock held: this can take minutes).
  const onProgress = attribution.onProgress;
  const plan = await request.plan(onProgress && ((done, total) => onProgress("hashing", done, total)));

  // 4. Under the lock: the ledger as it will be, the card that names it, one commit, then the append.
  const handle = openAttributionLedger(attribution.ledgerDir);
  const lock = { timeoutMs: attribution.lockTimeoutMs ?? 10_000 };
  return handle.write(
    attribution.signer,
    async (writer) => {
      // Another writer may have appended while we hashed: build on what the lock now guards.
      if (writer.size !== ledger.treeSize) ledger = readLocalLedger(attribution.ledgerDir, hubSide.checkpoint, repo);
      const { lines, prepared, index } = await prepareRelease(
        handle,
        writer,
        ledger,
        { ...releaseInput, files: plan.files },
        attribution.signer,
      );
      const checkpoint = prepared?.checkpoint ?? writer.checkpoint;
      const state = { origin: trust.origin, treeSize: checkpoint.size, rootHash: toBase64(checkpoint.rootHash) };
      const card = renderReleaseCard(hubSide.card, index, id, state, datasets);
      const release = index.release(id);
      const { operations, deleted, extraOnHub } = planCommitOperations({
        plan,
        card: card.text,
        ledger: ledgerFiles(layout, prepared),
        onHub: hubSide.files,
        deleteExtra: attribution.deleteExtra === true,
      });
      const entry = release.index;
      const { output, confirmedAfterNetworkError } = await commitRelease({
        hub,
        repo,
        branch,
        parentCommit: hubSide.head.sha,
        isPullRequest: request.isPullRequest === true,
        ...commitMessage(request, { id, repo, files: plan.files.length, entry, state }),
        operations,
        signed: plan.files,
        note: prepared?.note,
        client: request.client,
      });
      await appendPrepared(writer, lines, prepared);
      const { predicate } = release;
      return {
        repo,
        commit: output,
        release: {
          id,
          index: entry,
          recorded: prepared !== undefined,
          license: predicate.license,
          files: predicate.files,
          bytes: predicate.bytes,
          manifest: predicate.manifest,
        },
        ledger: state,
        card: { base: hubSide.cardBase, changed: card.changed },
        extraOnHub: attribution.deleteExtra ? [] : extraOnHub,
        deleted,
        skipped: plan.skipped,
        confirmedAfterNetworkError,
      };
    },
    lock,
  );
}

/** The branch and the card's datasets, and the release's id and version checked now, not after the hashing. */
function parseRequest(request: AttributedCommitRequest): { branch: string; datasets: string[] } {
  const { attribution } = request;
  requireToken(request.hub);
  const branch = parseRevision(request.branch ?? "main", "`branch`");
  const datasets = (attribution.datasets ?? []).map((dataset) => parseRepoName(dataset, "`datasets`"));
  // A release the index cannot read back would fail only at the card.
  if (attribution.id !== undefined && !ArtifactId.safeParse(attribution.id).success) {
    throw new ShouldersError("BAD_ARGUMENT", `\`id\` "${attribution.id}" must be NAME or ORG/NAME, with letters, digits, '.', '_' and '-'`);
  }
  if (attribution.version !== undefined && !Version.safeParse(attribution.version).success) {
    throw new ShouldersError("BAD_ARGUMENT", `\`version\` "${attribution.version}" must have letters, digits, '.', '_', '+' and '-'`);
  }
  return { branch, datasets };
}

/** The ledger state the commit carries and the card pins. */
type LedgerState = AttributedCommitResult["ledger"];

type ReleaseInput = Omit<ReleaseFilesInput, "files">;

/** What the release says besides its files; its license is the caller's, else the card's. */
function releaseInputOf(attribution: AttributionOptions, id: string, card: string): ReleaseInput {
  const license = attribution.license ?? cardLicense(card);
  if (license === undefined) {
    throw new ShouldersError(
      "USAGE",
      "no license for the release: give `license` (a Hub id such as apache-2.0), or a card with a license: field",
    );
  }
  return {
    id,
    license,
    baseModels: attribution.baseModels ?? [],
    ...(attribution.fromRun === undefined ? {} : { fromRun: attribution.fromRun }),
    ...(attribution.relation === undefined ? {} : { relation: attribution.relation }),
    ...(attribution.version === undefined ? {} : { version: attribution.version }),
  };
}

function cardLicense(card: string): string | undefined {
  const license = readCardMetadata(card).license;
  return typeof license === "string" && license.trim() !== "" ? license.trim() : undefined;
}

type PreparedRelease = {
  /** The signed release line; none when an identical release is already recorded. */
  lines: string[];
  prepared: PreparedAppend | undefined;
  /** The index as it will be once the line is appended: what the card is rendered from. */
  index: AttributionIndex;
};

/** Builds the release and, when it is new, signs it and prepares its append without writing it. */
async function prepareRelease(
  handle: Ledger,
  writer: LogWriter,
  ledger: Attribution,
  input: ReleaseFilesInput,
  signer: Signer,
): Promise<PreparedRelease> {
  const outcome = releaseFromFiles(ledger.index, input);
  if (outcome.kind !== "new") return { lines: [], prepared: undefined, index: ledger.index };
  const lines = await handle.sign(writer, [outcome.statement], signer);
  const prepared = await writer.prepare(lines);
  const entry = provisionalEntry(prepared.firstIndex, outcome.statement, signer);
  return { lines, prepared, index: new AttributionIndex([...ledger.entries, entry], ledger.registry) };
}

/** The release as the index will see it once appended, so the card is rendered from the ledger the commit carries. */
function provisionalEntry(index: number, statement: LedgerEntry["statement"], signer: Signer): LedgerEntry {
  return { index, statement, signers: [signer.keyid], compromised: false };
}

/** The card that pins the ledger state the commit carries, naming the caller's datasets besides the run's. */
function renderReleaseCard(
  card: string,
  index: AttributionIndex,
  id: string,
  state: LedgerState,
  datasets: readonly string[],
): { text: string; changed: boolean } {
  const update = releaseCardUpdate(index, id, state);
  if (datasets.length > 0) update.metadata.datasets = [...new Set([...(update.metadata.datasets ?? []), ...datasets])];
  return renderCard(card, update);
}

/** The caller's title and description, else ours: what was released, as which entry, and how to check it. */
function commitMessage(
  request: AttributedCommitRequest,
  release: { id: string; repo: string; files: number; entry: number; state: LedgerState },
): { title: string; description: string } {
  const { id, repo, entry, state } = release;
  return {
    title: request.title ?? `Release ${id}: ${release.files} files, signed as ledger entry ${entry}`,
    description:
      request.description ??
      `Uploaded with shoulders hf upload. The release is entry ${entry} of the ledger in .attribution/ (${state.origin}, ${state.treeSize} entries, root ${state.rootHash}); check it with shoulders hf verify ${repo}.`,
  };
}

/** After the Hub accepted the commit: the append it announced. */
async function appendPrepared(writer: LogWriter, lines: readonly string[], prepared: PreparedAppend | undefined): Promise<void> {
  if (prepared === undefined) return;
  const appended = await writer.append(lines);
  // Signing is deterministic, so this cannot differ; if it ever did, the Hub would pin a checkpoint we never wrote.
  if (appended.note !== prepared.note) throw new ShouldersError("INTERNAL", "the appended checkpoint differs from the uploaded one");
}
