import path from "node:path";
import { z } from "zod";
import { RepositoryConfigSchema } from "./repository.ts";

// Inputs are checked before restic sees them: a bad value gets an error naming the field instead
// of a restic usage message, and nothing user-supplied can be mistaken for a flag.

// Set by createRestic from `repository` and `password`; an override here could silently point a
// tenant's backup at another repository or key.
const RESERVED_ENV = /^(RESTIC_(PASSWORD|REPOSITORY|KEY_HINT)|AWS_|RESTIC_FROM_)/;

export const ResticOptionsSchema = z.object({
  repository: RepositoryConfigSchema,
  // Short passwords are refused: besides being weak, they could not be scrubbed from output safely.
  password: z.string().min(8, "password must be at least 8 characters").max(1024),
  /** Path or name of the restic binary. Default `restic` (looked up in PATH). */
  binary: z.string().min(1).max(4096).optional(),
  /** restic's local cache of repository metadata; default restic's own (~/.cache/restic). */
  cacheDir: z
    .string()
    .refine((p) => path.isAbsolute(p), "cacheDir must be an absolute path")
    .optional(),
  /** Extra environment for restic (e.g. TMPDIR, RESTIC_PACK_SIZE, GOMAXPROCS). */
  env: z
    .record(z.string(), z.string())
    .refine((env) => !Object.keys(env).some((k) => RESERVED_ENV.test(k)), {
      message: "env must not set the repository, password or credentials (use repository and password)",
    })
    .optional(),
  /** Run restic as another user (spawn uid/gid), e.g. to read only what that user may read. */
  runAs: z.object({ uid: z.number().int().min(0), gid: z.number().int().min(0) }).optional(),
});
export type ResticOptions = z.input<typeof ResticOptionsSchema>;

export const SnapshotIdSchema = z
  .string()
  .regex(/^([0-9a-f]{8,64}|latest)$/, "snapshot id must be 8–64 hex characters or \"latest\"");

export const AbsolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => path.isAbsolute(p), "path must be absolute");

const TagSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^,\s]+$/, "tags must not contain commas or whitespace");

const PatternSchema = z.string().min(1).max(4096);

export const BackupInputSchema = z.object({
  paths: z.array(AbsolutePathSchema).min(1, "at least one path to back up is required"),
  tags: z.array(TagSchema).max(64).optional(),
  excludes: z.array(PatternSchema).max(1024).optional(),
  host: z.string().min(1).max(255).optional(),
  parent: SnapshotIdSchema.optional(),
});

export const SnapshotFilterSchema = z.object({
  tags: z.array(TagSchema).max(64).optional(),
  host: z.string().min(1).max(255).optional(),
});

export const RestoreInputSchema = z.object({
  target: AbsolutePathSchema,
  include: z.array(PatternSchema).max(1024).optional(),
  exclude: z.array(PatternSchema).max(1024).optional(),
});

const keep = z.number().int().min(1).max(100_000).optional();
export const ForgetTargetSchema = z.union([
  z.object({ snapshotIds: z.array(SnapshotIdSchema).min(1, "snapshotIds must not be empty") }).strict(),
  z
    .object({
      keepLast: keep,
      keepHourly: keep,
      keepDaily: keep,
      keepWeekly: keep,
      keepMonthly: keep,
      keepYearly: keep,
      keepWithin: z.string().regex(/^(\d+[ymdh])+$/, "keepWithin must look like 30d or 1y6m").optional(),
      keepTags: z.array(TagSchema).optional(),
      host: z.string().min(1).max(255).optional(),
      tags: z.array(TagSchema).optional(),
    })
    .strict()
    .refine((p) => Object.keys(p).some((k) => k.startsWith("keep")), {
      message: "a retention policy needs at least one keep* rule (forget without one would remove everything)",
    }),
]);

export const ReadDataSubsetSchema = z
  .string()
  .regex(/^(\d+\/\d+|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/, "readDataSubset must be n/t, x%, or a size such as 500M");

/** Parses `value` or throws one Error whose message names each failing field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${[what, ...i.path.map(String)].join(".")}: ${i.message}`);
  throw new TypeError(`invalid ${what}: ${issues.join("; ")}`);
}
