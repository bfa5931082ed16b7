import { IdentitySchema } from "@shoulders/ledger";
import { z } from "zod";

/** Predicate type URIs are versioned: a breaking change gets a new URI, never a silent change of meaning. */
export const PREDICATE_BASE = "https://shoulders.dev/attribution";

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 digest is 64 lowercase hex characters");
export const GitSha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "a git commit id is 40 or 64 lowercase hex characters");
/** RFC 3339 in UTC, as git and SLSA write it. */
export const Timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/, "a time is RFC 3339 in UTC, e.g. 2026-11-03T10:00:00Z");
export const Identity = IdentitySchema;
/** Artifact ids: a Hugging Face style ORG/NAME, or a plain name; no spaces, no path tricks. */
export const ArtifactId = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/,
    "an id is NAME or ORG/NAME, with letters, digits, '.', '_' and '-'",
  );
export const Version = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "a version has letters, digits, '.', '_', '+' and '-'");
/** A license as given; the license package standardises it into an SPDX expression or a Hub id. */
export const LicenseText = z.string().min(1).max(500);
export const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A reference to a model: an artifact released in this ledger (ID), or an external one such as hf:ORG/NAME@REV. */
export const ModelRef = z
  .string()
  .min(1)
  .max(300)
  .regex(
    /^(?:hf:)?[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?(?:@[A-Za-z0-9._/-]+)?$/,
    "a model is ORG/NAME, or hf:ORG/NAME[@REVISION]",
  );

export const Contributor = z.object({
  identity: Identity,
  records: Count,
});
