import { type CommitOperation, type CommitOutput, type CommitParams, commit } from "@huggingface/hub";
import {
  ArtifactId,
  type Attribution,
  AttributionIndex,
  isReleaseFile,
  openAttributionLedger,
  type ReleasePredicate,
  readAttribution,
  releaseFromFiles,
  Version,
} from "@shoulders/attribution";
import {
  assertNotRetired,
  type LedgerEntry,
  layoutOf,
  logKeyStatus,
  type PreparedAppend,
  readTrust,
  ShouldersError,
  type Signer,
  toBase64,
} from "@shoulders/ledger";
import { readCardMetadata, renderCard } from "./card/index.js";
import { decodeCard, MAX_CARD_BYTES } from "./card/read-card-file.js";
import { isHubManaged } from "./check-release-files.js";
import { downloadHubFile } from "./download-hub-file.js";
import { guardCommit } from "./guard-commit.js";
import { hubError, isNetworkError } from "./hub-error.js";
import { type Hub, parseRepoName, parseRevision, repoUrl, requireToken } from "./hub-options.js";
import { ledgerFiles } from "./ledger-files.js";
import { assertReleaseLicenses } from "./license-gate.js";
import { type HubFile, listHubFiles } from "./list-hub-files.js";
import { type UploadPlan, uploadOperations } from "./plan-upload.js";
import { releaseCardUpdate } from "./release-card.js";
import { resolveRevision } from "./resolve-revision.js";

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

const MAX_CHECKPOINT_BYTES = 64 * 1024;

/**
 * The upload hook: checks licenses along the lineage, hashes and signs the release, renders the card, and sends the
 * files, the card and the ledger in ONE commit, so the Hub never holds a model without its record. The release is
 * appended to the local ledger only after the Hub accepted that commit, under the ledger lock held since before the
 * card was rendered, so the entry index and checkpoint the card names are the ones the ledger gets, and a failed
 * upload leaves no release that never happened.
 */
export async function attributedCommit(request: AttributedCommitRequest): Promise<AttributedCommitResult> {
  const { hub, attribution } = request;
  requireToken(hub);
  const branch = parseRevision(request.branch ?? "main", "--revision");
  const datasets = (attribution.datasets ?? []).map((dataset) => parseRepoName(dataset, "--dataset"));
  // Checked now, not after the hashing: a release the index cannot read back would fail only at the card.
  if (attribution.id !== undefined && !ArtifactId.safeParse(attribution.id).success) {
    throw new ShouldersError("BAD_ARGUMENT", `--id "${attribution.id}" must be NAME or ORG/NAME, with letters, digits, '.', '_' and '-'`);
  }
  if (attribution.version !== undefined && !Version.safeParse(attribution.version).success) {
    throw new ShouldersError("BAD_ARGUMENT", `--version "${attribution.version}" must have letters, digits, '.', '_', '+' and '-'`);
  }
  const layout = layoutOf(attribution.ledgerDir);
  const trust = readTrust(layout);
  // Checked before anything is hashed or sent: the card names the release's entry in the log, so only a current log
  // key may upload; a rotated-out one is told where it was rotated out.
  const publicKey = attribution.signer.publicKey;
  const status = logKeyStatus(trust, publicKey);
  assertNotRetired(status, publicKey);
  if (status.kind !== "current") {
    throw new ShouldersError(
      "UNAUTHORISED_SIGNER",
      "uploading needs the log key: the card names the release's entry in the log, and a contributor key can only propose pending statements",
    );
  }

  // 1. Read the Hub side, writing nothing: the branch head (the commit's parent, so a concurrent commit is refused
  // instead of overwritten), its files, its card and the checkpoint of the ledger it already holds.
  const head = await resolveRevision(hub, "model", parseRepoName(request.repo, "--repo"), branch);
  const repo = head.name;
  const id = attribution.id ?? repo;
  const onHub = await listHubFiles(hub, "model", repo, head.sha);
  const fetchFromHead = (path: string, maxBytes: number) =>
    onHub.some((file) => file.path === path)
      ? downloadHubFile(hub, { kind: "model", name: repo, revision: head.sha, path }, maxBytes)
      : null;
  const hubCardBytes = request.localCard === undefined ? await fetchFromHead("README.md", MAX_CARD_BYTES) : null;
  const card = request.localCard ?? (hubCardBytes === null ? "" : decodeCard(hubCardBytes, `README.md of ${repo}`));
  const hubCheckpoint = await fetchFromHead(".attribution/checkpoint", MAX_CHECKPOINT_BYTES);

  // 2. Licenses along the lineage, before anything is hashed, signed or sent.
  const license = attribution.license ?? cardLicense(card);
  if (license === undefined) {
    throw new ShouldersError(
      "USAGE",
      "no license for the release: pass --license L (a Hub id such as apache-2.0), or give the card a license: field",
    );
  }
  let ledger = readLedger(attribution.ledgerDir, hubCheckpoint, repo);
  const releaseInput = {
    id,
    license,
    baseModels: attribution.baseModels ?? [],
    ...(attribution.fromRun === undefined ? {} : { fromRun: attribution.fromRun }),
    ...(attribution.relation === undefined ? {} : { relation: attribution.relation }),
    ...(attribution.version === undefined ? {} : { version: attribution.version }),
  };
  assertReleaseLicenses(ledger.index, releaseInput);

  // 3. Hash the files (no lock held: this can take minutes) and build the release.
  const onProgress = attribution.onProgress;
  const plan = await request.plan(onProgress && ((done, total) => onProgress("hashing", done, total)));

  // 4. Under the lock: the ledger as it will be, the card that names it, one commit, then the append.
  const handle = openAttributionLedger(attribution.ledgerDir);
  const lock = { timeoutMs: attribution.lockTimeoutMs ?? 10_000 };
  return handle.write(
    attribution.signer,
    async (writer) => {
      // Another writer may have appended while we hashed: build on what the lock now guards.
      if (writer.size !== ledger.treeSize) ledger = readLedger(attribution.ledgerDir, hubCheckpoint, repo);
      const outcome = releaseFromFiles(ledger.index, { ...releaseInput, files: plan.files });
      const lines = outcome.kind === "new" ? await handle.sign([outcome.statement], attribution.signer) : [];
      const prepared: PreparedAppend | undefined = lines.length > 0 ? await writer.prepare(lines) : undefined;
      const cardIndex =
        outcome.kind === "new" && prepared !== undefined
          ? new AttributionIndex(
              [...ledger.entries, provisionalEntry(prepared.firstIndex, outcome.statement, attribution.signer)],
              ledger.registry,
            )
          : ledger.index;
      const checkpoint = prepared?.checkpoint ?? writer.checkpoint;
      const state = { origin: trust.origin, treeSize: checkpoint.size, rootHash: toBase64(checkpoint.rootHash) };
      const update = releaseCardUpdate(cardIndex, id, state);
      if (datasets.length > 0) update.metadata.datasets = [...new Set([...(update.metadata.datasets ?? []), ...datasets])];
      const rendered = renderCard(card, update);
      const release = cardIndex.release(id);

      const ledgerUpload = ledgerFiles(layout, prepared);
      const uploading = new Set([...plan.files.map((file) => file.path), ...ledgerUpload.map((file) => file.path)]);
      // The ledger in the repository is ours: a file of it we no longer have (an old segment layout, a pending file)
      // would make the Hub's copy differ from the one the card pins.
      const staleLedger = onHub
        .filter((file) => file.path.startsWith(".attribution/") && !uploading.has(file.path))
        .map((file) => file.path);
      const extraOnHub = onHub
        .filter(
          (file) => isReleaseFile(file.path) && !isHubManaged(file.path) && !uploading.has(file.path) && !plan.deletes.includes(file.path),
        )
        .map((file) => file.path);
      const deleted = [...plan.deletes, ...staleLedger, ...(attribution.deleteExtra ? extraOnHub : [])].filter((path) =>
        onHub.some((file: HubFile) => file.path === path),
      );
      const operations: CommitOperation[] = [
        ...uploadOperations({ ...plan, deletes: [] }),
        { operation: "addOrUpdate", path: "README.md", content: new Blob([rendered.text]) },
        ...ledgerUpload.map((file): CommitOperation => ({ operation: "addOrUpdate", path: file.path, content: new Blob([file.bytes]) })),
        ...deleted.map((path): CommitOperation => ({ operation: "delete", path })),
      ];
      const signed = new Map(plan.files.map((file) => [file.path, file.sha256]));
      const guard = guardCommit(
        hub.fetch ?? fetch,
        `${hub.hubUrl}/api/models/${repo}/commit/`,
        signed,
        (path) => path === "README.md" || path.startsWith(".attribution/"),
      );
      const entry = release.index;
      let output: CommitOutput | undefined;
      let confirmedAfterNetworkError = false;
      try {
        output = await commit({
          repo: { type: "model", name: repo },
          operations,
          title: request.title ?? `Release ${id}: ${plan.files.length} files, signed as ledger entry ${entry}`,
          description:
            request.description ??
            `Uploaded with shoulders hf upload. The release is entry ${entry} of the ledger in .attribution/ (${state.origin}, ${state.treeSize} entries, root ${state.rootHash}); check it with shoulders hf verify ${repo}.`,
          branch,
          isPullRequest: request.isPullRequest === true,
          parentCommit: head.sha,
          hubUrl: hub.hubUrl,
          accessToken: hub.accessToken as string,
          fetch: guard.fetch,
          useXet: request.client?.useXet ?? false,
          ...(request.client?.useWebWorkers === undefined ? {} : { useWebWorkers: request.client.useWebWorkers }),
          ...(request.client?.abortSignal === undefined ? {} : { abortSignal: request.client.abortSignal }),
          ...(request.client?.maxFolderDepth === undefined ? {} : { maxFolderDepth: request.client.maxFolderDepth }),
        });
      } catch (error) {
        const failure = hubError(error, hub, `uploading to ${repo}`);
        // A network error after the commit request left may have lost only the answer: the branch then holds our exact
        // checkpoint, and the release happened, so it is recorded rather than dropped.
        const ambiguous = prepared !== undefined && request.isPullRequest !== true && guard.commitSent && isNetworkError(error);
        if (!ambiguous || !(await holdsCheckpoint(hub, repo, branch, prepared.note))) throw nothingRecorded(failure);
        confirmedAfterNetworkError = true;
      }
      if (output === undefined) {
        const now = await resolveRevision(hub, "model", repo, branch);
        output = { commit: { oid: now.sha, url: `${repoUrl(hub, "model", repo)}/commit/${now.sha}` }, hookOutput: "" };
      }
      if (prepared !== undefined) {
        const appended = await writer.append(lines);
        // Signing is deterministic, so this cannot differ; if it ever did, the Hub would pin a checkpoint we never wrote.
        if (appended.note !== prepared.note) throw new ShouldersError("INTERNAL", "the appended checkpoint differs from the uploaded one");
      }
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
        card: { base: request.localCard !== undefined ? "local" : hubCardBytes !== null ? "hub" : "new", changed: rendered.changed },
        extraOnHub: attribution.deleteExtra ? [] : extraOnHub,
        deleted,
        skipped: plan.skipped,
        confirmedAfterNetworkError,
      };
    },
    lock,
  );
}

type Ledger = Attribution;

/**
 * The local ledger, verified. When the repository already holds a ledger, its checkpoint is the trusted one: ours
 * must extend it (RFC 9162 consistency), so an upload from a stale clone or another ledger never rewrites the
 * history the Hub shows.
 */
function readLedger(dir: string, hubCheckpoint: Buffer | null, repo: string): Ledger {
  try {
    return readAttribution({ dir, ...(hubCheckpoint === null ? {} : { trustedCheckpoint: hubCheckpoint }) });
  } catch (error) {
    const against = ["NOT_APPEND_ONLY", "ORIGIN_MISMATCH", "CHECKPOINT_MALFORMED", "CHECKPOINT_SIGNATURE_INVALID", "NOTE_MALFORMED"];
    if (hubCheckpoint !== null && error instanceof ShouldersError && against.includes(error.code)) {
      throw new ShouldersError(
        error.code,
        `the ledger ${repo} already holds on the Hub is not an earlier state of yours (${error.message}); bring your ledger up to date first. Nothing was uploaded`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The release as the index will see it once appended, so the card is rendered from the ledger the commit carries. */
function provisionalEntry(index: number, statement: LedgerEntry["statement"], signer: Signer): LedgerEntry {
  return { index, statement, signers: [signer.keyid], compromised: false };
}

function cardLicense(card: string): string | undefined {
  const license = readCardMetadata(card).license;
  return typeof license === "string" && license.trim() !== "" ? license.trim() : undefined;
}

/** Whether the branch now holds exactly our checkpoint: the one way to learn that a commit whose answer was lost landed. */
async function holdsCheckpoint(hub: Hub, repo: string, branch: string, note: string): Promise<boolean> {
  try {
    const bytes = await downloadHubFile(
      hub,
      { kind: "model", name: repo, revision: branch, path: ".attribution/checkpoint" },
      MAX_CHECKPOINT_BYTES,
    );
    return bytes !== null && bytes.toString("utf8") === note;
  } catch {
    return false;
  }
}

function nothingRecorded(failure: ShouldersError): ShouldersError {
  return new ShouldersError(failure.code, `${failure.message}; no release was recorded and the ledger is unchanged`, { cause: failure });
}
