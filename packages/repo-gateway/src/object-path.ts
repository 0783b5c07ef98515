// The objects of restic's REST backend protocol (restic doc "REST Backend", rest-server's
// repo.go): `config` at the repository root and five folders of content-addressed files named by
// the sha256 of their content (64 lowercase hex characters). Anything else in a request path is
// refused here, before any storage is touched: no `..`, no extra segments, no other names.

export const OBJECT_TYPES = ["data", "index", "keys", "locks", "snapshots"] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** One file of a repository: its config, or an object of a folder. */
export type FileRef = { type: "config" } | { type: ObjectType; name: string };

/** What a request path (below the repository's own prefix) addresses. */
export type RestTarget =
  | { kind: "root" }
  | { kind: "config" }
  | { kind: "list"; type: ObjectType }
  | { kind: "object"; type: ObjectType; name: string };

export class PathError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[0-9a-f]{64}$/;
const isObjectType = (s: string): s is ObjectType => (OBJECT_TYPES as readonly string[]).includes(s);

/**
 * Parses the part of a request path after the repository (`""`, `/`, `/config`, `/data/`,
 * `/data/<64 hex>`). The query string must already be cut off. Percent-encoded characters are not
 * decoded: no valid name contains one, so an encoded `..` or `/` is simply not a valid name.
 */
export function parseRestPath(rest: string): RestTarget {
  if (rest === "" || rest === "/") return { kind: "root" };
  if (rest.length > 200) throw new PathError(400, "the object path is too long");
  const parts = rest.split("/");
  // A leading "/" gives an empty first part; anything else is not a path below the repository.
  if (parts[0] !== "") throw new PathError(400, `invalid object path ${JSON.stringify(rest)}`);
  const [, first, second, ...extra] = parts;
  if (first === "config" && second === undefined) return { kind: "config" };
  if (first === undefined || !isObjectType(first)) {
    throw new PathError(404, `no such object type ${JSON.stringify(first ?? "")}: expected config, ${OBJECT_TYPES.join(", ")}`);
  }
  if (extra.length > 0) {
    throw new PathError(400, `invalid object path ${JSON.stringify(rest)}: ${first}/ holds plain object names`);
  }
  if (second === undefined || second === "") return { kind: "list", type: first };
  if (!NAME.test(second)) {
    throw new PathError(400, `invalid object name ${JSON.stringify(second.slice(0, 80))}: expected 64 lowercase hex characters`);
  }
  return { kind: "object", type: first, name: second };
}

export function describeRef(ref: FileRef): string {
  return ref.type === "config" ? "config" : `${ref.type}/${ref.name}`;
}

/** Body bound of a POST, by object type: restic's largest pack (`--pack-size` ≤ 128 MiB) plus one chunk. */
export const MAX_BODY_BYTES: Record<FileRef["type"], number> = {
  data: 128 * 1024 * 1024 + 16 * 1024 * 1024,
  index: 64 * 1024 * 1024,
  snapshots: 8 * 1024 * 1024,
  keys: 1024 * 1024,
  locks: 1024 * 1024,
  config: 1024 * 1024,
};
