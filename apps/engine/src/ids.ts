// Wire ids (reference §0.4, §Q 15). Policy and group ids are `clusterId:incarnationId:seq`; the
// engine keeps only `seq` as the key and checks the prefix, so an id of another cluster is simply
// not found. Connection/connector ids are random int64 values above 2^53, which forces every
// client to treat them as strings (as the real service requires).
import { randomBytes } from "node:crypto";

export interface ClusterIdentity {
  clusterId: bigint;
  incarnationId: bigint;
}

export function formatColonId(cluster: ClusterIdentity, seq: bigint): string {
  return `${cluster.clusterId}:${cluster.incarnationId}:${seq}`;
}

/** The seq of a colon id of this cluster, or null when the id is malformed or foreign. */
export function parseColonId(cluster: ClusterIdentity, id: string): bigint | null {
  const m = /^(\d{1,19}):(\d{1,19}):(\d{1,19})$/.exec(id);
  if (!m) return null;
  if (BigInt(m[1]!) !== cluster.clusterId || BigInt(m[2]!) !== cluster.incarnationId) return null;
  const seq = BigInt(m[3]!);
  return seq <= 9_223_372_036_854_775_807n ? seq : null;
}

/** Random positive int64 in [2^53, 2^63): never representable exactly as a JS number. */
export function randomInt64Above2Pow53(): bigint {
  const raw = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
  return raw < 2n ** 53n ? raw + 2n ** 53n : raw;
}

/** Parse a string int64 id (connection/connector); null when it is not one. */
export function parseInt64(id: string): bigint | null {
  if (!/^\d{1,19}$/.test(id)) return null;
  const v = BigInt(id);
  return v <= 9_223_372_036_854_775_807n ? v : null;
}

export const nowUsecs = (): bigint => BigInt(Date.now()) * 1000n;

/** The next optimistic-concurrency stamp: now, but always past the previous one (same-ms writes). */
export const nextStamp = (previous: bigint): bigint => {
  const now = nowUsecs();
  return now > previous ? now : previous + 1n;
};
