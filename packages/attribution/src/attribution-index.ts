import {
  KEY_PREDICATE_TYPE,
  KeyLinkSchema,
  type LedgerEntry,
  normaliseIdentity,
  ShouldersError,
  type SignerRegistry,
  type Statement,
} from "@shoulders/ledger";
import {
  ACCEPTANCE_PREDICATE_TYPE,
  type AcceptancePredicate,
  AcceptancePredicateSchema,
  COMMIT_PREDICATE_TYPE,
  type CommitRecord,
  CommitsPredicateSchema,
  DATASET_PREDICATE_TYPE,
  type DatasetPredicate,
  DatasetPredicateSchema,
  FINE_TUNE_BUILD_TYPE,
  type FineTuneProvenance,
  FineTuneProvenanceSchema,
  HUB_MODEL_PREDICATE_TYPE,
  type HubModelPredicate,
  HubModelPredicateSchema,
  LICENSE_PREDICATE_TYPE,
  type LicensePredicate,
  LicensePredicateSchema,
  POLICY_PREDICATE_TYPE,
  RELEASE_PREDICATE_TYPE,
  type ReleasePredicate,
  ReleasePredicateSchema,
  SLSA_PROVENANCE_TYPE,
  type SplitPolicy,
  SplitPolicySchema,
  USAGE_PREDICATE_TYPE,
  type UsagePredicate,
  UsagePredicateSchema,
} from "./predicates/index.js";

export type Indexed<T> = { index: number; predicate: T; statement: Statement; signers: string[]; author?: string };
export type DatasetVersion = Indexed<DatasetPredicate> & { manifest: string };
export type Run = Indexed<FineTuneProvenance> & { id: string; manifest: string };
export type Release = Indexed<ReleasePredicate>;
export type RecordedCommit = { index: number; repository: string; commit: CommitRecord };
export type UsageReceipt = Indexed<UsagePredicate>;
export type Policy = Indexed<SplitPolicy>;
export type LicenseDeclaration = Indexed<LicensePredicate>;
export type Acceptance = Indexed<AcceptancePredicate>;
export type HubModel = Indexed<HubModelPredicate>;

/**
 * What the ledger says, organised for readers: dataset versions, runs, releases and commits, from valid entries only.
 * Entries signed only by compromised keys are left out, as docs/format.md asks of lineage and splits.
 */
export class AttributionIndex {
  readonly datasets = new Map<string, DatasetVersion[]>();
  readonly runs = new Map<string, Run>();
  readonly releases = new Map<string, Release[]>();
  readonly commits = new Map<string, RecordedCommit>();
  /** Usage receipts in log order; split decides which count (overlaps, supersessions, reporters' roles). */
  readonly usage: UsageReceipt[] = [];
  /**
   * The latest split policy of each artifact that a log key authored: the one for a given amount, and for revenue
   * reported from now on. A receipt already reported keeps the policy in force for it (split/policy-in-force.ts).
   */
  readonly policies = new Map<string, Policy>();
  /** Every split policy of each artifact that a log key authored, in log order. */
  readonly policyHistory = new Map<string, Policy[]>();
  /** The latest license declaration of each artifact (a model, a dataset, or hf:ORG/NAME). */
  readonly licenses = new Map<string, LicenseDeclaration>();
  /** External Hub models recorded with `shoulders hf model`, by ORG/NAME: the latest record wins. */
  readonly hubModels = new Map<string, HubModel>();
  /** Accepted license conflicts, per artifact, in log order. */
  readonly acceptances = new Map<string, Acceptance[]>();
  /** Every identity a link named: readers show a linked party under its most public one (identity/party-names.ts). */
  readonly linkedIdentities = new Set<string>();
  readonly registry: SignerRegistry;
  /** Entries skipped because a compromise window covers them. */
  readonly compromised: number[] = [];

  /** `registry` is the log's, as of its end: what an entry may decide is judged by its author's authority there. */
  constructor(entries: readonly LedgerEntry[], registry: SignerRegistry) {
    this.registry = registry;
    for (const entry of entries) {
      if (entry.compromised) {
        this.compromised.push(entry.index);
        continue;
      }
      this.add(entry);
    }
  }

  private add(entry: LedgerEntry): void {
    const { statement, index } = entry;
    // Every indexed statement keeps its author: what it may decide is the author's authority, never a countersigner's.
    const signers = entry.signers;
    const author = entry.author ?? signers[0];
    const by = { signers, ...(author === undefined ? {} : { author }) };
    const predicate = statement.predicate;
    switch (statement.predicateType) {
      case COMMIT_PREDICATE_TYPE: {
        // Commits are facts of git that the log writer records itself (the record action, `record commits`): a record
        // by any other author could claim a commit it never saw, with invented parents and authors, before git's own.
        const parsed = CommitsPredicateSchema.safeParse(predicate);
        if (!parsed.success || !this.authoredByLogKey(by)) return;
        for (const commit of parsed.data.commits) {
          if (!this.commits.has(commit.sha)) this.commits.set(commit.sha, { index, repository: parsed.data.repository, commit });
        }
        return;
      }
      case DATASET_PREDICATE_TYPE: {
        // A dataset version credits records to contributors: a recorder's or the owner's to write.
        const parsed = DatasetPredicateSchema.safeParse(predicate);
        const manifest = statement.subject[0]?.digest.sha256;
        if (!parsed.success || manifest === undefined || !this.authoredWithRole(by, "record")) return;
        const versions = this.datasets.get(parsed.data.id) ?? [];
        versions.push({ index, predicate: parsed.data, statement, signers, manifest });
        this.datasets.set(parsed.data.id, versions);
        return;
      }
      case SLSA_PROVENANCE_TYPE: {
        const parsed = FineTuneProvenanceSchema.safeParse(predicate);
        const manifest = statement.subject[0]?.digest.sha256;
        if (!parsed.success || parsed.data.buildDefinition.buildType !== FINE_TUNE_BUILD_TYPE || manifest === undefined) return;
        // A run names its trainer, who is paid: a recorder's or the owner's to write.
        if (!this.authoredWithRole(by, "record")) return;
        const id = parsed.data.buildDefinition.externalParameters.runId;
        // A run id names one run: the first record wins, so a later statement cannot rewrite who trained it.
        if (!this.runs.has(id)) this.runs.set(id, { index, predicate: parsed.data, statement, signers, id, manifest });
        return;
      }
      case USAGE_PREDICATE_TYPE: {
        const parsed = UsagePredicateSchema.safeParse(predicate);
        if (parsed.success)
          this.usage.push({ index, predicate: parsed.data, statement, signers, ...(author === undefined ? {} : { author }) });
        return;
      }
      case POLICY_PREDICATE_TYPE: {
        const parsed = SplitPolicySchema.safeParse(predicate);
        // A split policy moves money: only the owner's log key, as the statement's author, may set one.
        if (parsed.success && this.authoredByLogKey(by)) {
          const policy = { index, predicate: parsed.data, statement, signers };
          const history = this.policyHistory.get(parsed.data.artifact) ?? [];
          history.push(policy);
          this.policies.set(parsed.data.artifact, policy);
          this.policyHistory.set(parsed.data.artifact, history);
        }
        return;
      }
      case KEY_PREDICATE_TYPE: {
        const parsed = KeyLinkSchema.safeParse(predicate);
        if (parsed.success) for (const identity of parsed.data.identities) this.linkedIdentities.add(normaliseIdentity(identity));
        return;
      }
      case HUB_MODEL_PREDICATE_TYPE: {
        // What a Hub model is and which base models it names shapes lineage and money: a recorder's or the owner's.
        const parsed = HubModelPredicateSchema.safeParse(predicate);
        if (parsed.success && this.authoredWithRole(by, "record"))
          this.hubModels.set(parsed.data.repo, { index, predicate: parsed.data, statement, signers });
        return;
      }
      case LICENSE_PREDICATE_TYPE: {
        // What may be used, how and at what price is the owner's to say.
        const parsed = LicensePredicateSchema.safeParse(predicate);
        if (parsed.success && this.authoredByLogKey(by))
          this.licenses.set(parsed.data.artifact, { index, predicate: parsed.data, statement, signers });
        return;
      }
      case ACCEPTANCE_PREDICATE_TYPE: {
        // Accepting a license conflict is the owner's decision.
        const parsed = AcceptancePredicateSchema.safeParse(predicate);
        if (!parsed.success || !this.authoredByLogKey(by)) return;
        const list = this.acceptances.get(parsed.data.artifact) ?? [];
        list.push({ index, predicate: parsed.data, statement, signers });
        this.acceptances.set(parsed.data.artifact, list);
        return;
      }
      case RELEASE_PREDICATE_TYPE: {
        // A release names the files, the run and the license buyers rely on: a recorder's or the owner's.
        const parsed = ReleasePredicateSchema.safeParse(predicate);
        if (!parsed.success || !this.authoredWithRole(by, "record")) return;
        const releases = this.releases.get(parsed.data.id) ?? [];
        releases.push({ index, predicate: parsed.data, statement, signers });
        this.releases.set(parsed.data.id, releases);
        return;
      }
    }
  }

  /** The record of an external Hub model reference (hf:ORG/NAME[@REV]), if `shoulders hf model` recorded it. */
  hubModel(ref: string): HubModel | undefined {
    return this.hubModels.get(ref.replace(/^hf:/, "").split("@")[0] as string);
  }

  /** A dataset version: the given one, or the latest. */
  dataset(id: string, version?: string): DatasetVersion {
    const versions = this.datasets.get(id);
    if (versions === undefined || versions.length === 0) {
      throw new ShouldersError(
        "UNKNOWN_ARTIFACT",
        `no dataset "${id}" in this ledger; record it first with \`shoulders record dataset DIR --id ${id}\``,
      );
    }
    if (version === undefined) return versions[versions.length - 1] as DatasetVersion;
    const found = versions.find((candidate) => candidate.predicate.version === version);
    if (found === undefined) {
      throw new ShouldersError(
        "UNKNOWN_ARTIFACT",
        `dataset "${id}" has no version "${version}" (it has ${versions.map((v) => v.predicate.version).join(", ")})`,
      );
    }
    return found;
  }

  run(id: string): Run {
    const run = this.runs.get(id);
    if (run === undefined)
      throw new ShouldersError(
        "UNKNOWN_ARTIFACT",
        `no run "${id}" in this ledger; record it first with \`shoulders record run --id ${id}\``,
      );
    return run;
  }

  /** The latest release of a model. */
  release(id: string): Release {
    const releases = this.releases.get(id);
    if (releases === undefined || releases.length === 0)
      throw new ShouldersError("UNKNOWN_ARTIFACT", `no release of "${id}" in this ledger`);
    return releases[releases.length - 1] as Release;
  }

  /**
   * The entry's author's key, when the log authorised it at the entry's index: the first signature's. A countersignature
   * admits a statement to the log and lends it nothing (docs/format.md, "Pending statements").
   */
  private authorKey(entry: { signers: readonly string[]; author?: string }) {
    const author = entry.author ?? entry.signers[0];
    if (author === undefined || !entry.signers.includes(author)) return undefined;
    return this.registry.get(author);
  }

  /** Whether the entry's author is a log key, or a declared key with `role`. */
  authoredWithRole(entry: { signers: readonly string[]; author?: string }, role: string): boolean {
    const key = this.authorKey(entry);
    return key !== undefined && (key.isLogKey || key.roles.includes(role));
  }

  /** Whether the entry's author is a log key: the owner's own decisions (split policies). */
  authoredByLogKey(entry: { signers: readonly string[]; author?: string }): boolean {
    return this.authorKey(entry)?.isLogKey === true;
  }

  /** The identity the entry's author speaks for: "log" for a log key; undefined when the author is not authorised. */
  authorIdentity(entry: { signers: readonly string[]; author?: string }): string | undefined {
    const key = this.authorKey(entry);
    if (key === undefined) return undefined;
    return key.isLogKey ? "log" : key.identity;
  }

  /** The identity an entry speaks for: its first declared, non-log signer's; "log" when only log keys signed. */
  entryIdentity(signers: readonly string[]): string {
    for (const keyid of signers) {
      const identity = this.signerIdentity(keyid);
      if (identity !== undefined && identity !== "log") return identity;
    }
    return "log";
  }

  /** The identity behind a signing key, as declared in the log; "log" for a log key. */
  signerIdentity(keyid: string): string | undefined {
    const key = this.registry.get(keyid);
    if (key === undefined) return undefined;
    return key.isLogKey ? "log" : key.identity;
  }

  /** The recorded commits that are ancestors of `sha` (itself included), walking parents through the ledger. */
  ancestorCommits(sha: string): RecordedCommit[] {
    const found: RecordedCommit[] = [];
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      const recorded = this.commits.get(next);
      if (recorded === undefined) continue;
      found.push(recorded);
      stack.push(...recorded.commit.parents);
    }
    return found.sort((a, b) => a.commit.committedAt.localeCompare(b.commit.committedAt) || a.commit.sha.localeCompare(b.commit.sha));
  }
}
