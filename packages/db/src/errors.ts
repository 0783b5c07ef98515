// The one place where Prisma errors become domain errors. packages/api maps `DbError.code` to tRPC
// codes (the names match on purpose); this package stays free of tRPC. Messages name the model
// and fields, never the values (a unique value may be a token hash or an email).
import { Prisma } from "./generated/prisma/client.ts";

export type DbErrorCode = "CONFLICT" | "NOT_FOUND" | "BAD_REQUEST" | "INTERNAL_SERVER_ERROR";

export class DbError extends Error {
  override readonly name: string = "DbError";
  constructor(
    readonly code: DbErrorCode,
    message: string,
    /** Fields involved (unique constraint columns), when Prisma says. */
    readonly fields: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class DbConflictError extends DbError {
  override readonly name = "DbConflictError";
  constructor(message: string, fields: string[] = [], options?: { cause?: unknown }) {
    super("CONFLICT", message, fields, options);
  }
}

export class DbNotFoundError extends DbError {
  override readonly name = "DbNotFoundError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOT_FOUND", message, [], options);
  }
}

/**
 * The domain error for a Prisma error, or null when `error` is not one (let it propagate as is).
 * Already-mapped DbErrors are returned unchanged.
 */
export function mapPrismaError(error: unknown): DbError | null {
  if (error instanceof DbError) return error;
  if (error instanceof Prisma.PrismaClientValidationError) {
    return new DbError("BAD_REQUEST", "the database query was invalid", [], { cause: error });
  }
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const model = typeof error.meta?.modelName === "string" ? error.meta.modelName : "record";
  switch (error.code) {
    case "P2002": {
      const fields = uniqueFields(error.meta);
      const which = fields.length ? ` with this ${fields.join(" + ")}` : "";
      return new DbConflictError(`a ${model}${which} already exists`, fields, { cause: error });
    }
    case "P2001":
    case "P2015":
    case "P2018":
    case "P2025":
      return new DbNotFoundError(`${model} not found`, { cause: error });
    case "P2003":
      return new DbError("BAD_REQUEST", `the ${model} refers to a record that does not exist`, [], { cause: error });
    case "P2000":
      return new DbError("BAD_REQUEST", `a value is too long for its ${model} column`, [], { cause: error });
    case "P2034":
      // Serialization failure / deadlock between concurrent writes: the caller may retry.
      return new DbConflictError(`the ${model} was changed concurrently; try again`, [], { cause: error });
    default:
      return new DbError("INTERNAL_SERVER_ERROR", "database error", [], { cause: error });
  }
}

/** Unique-constraint columns from P2002 meta: `target` (classic engine) or the driver adapter's cause. */
function uniqueFields(meta: Record<string, unknown> | undefined): string[] {
  if (!meta) return [];
  if (Array.isArray(meta.target)) return meta.target.map(String);
  if (typeof meta.target === "string") return [meta.target];
  const cause = (meta.driverAdapterError as { cause?: { constraint?: { fields?: unknown } } } | undefined)?.cause;
  const fields = cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map((f) => String(f).replace(/^"|"$/g, "")) : [];
}
