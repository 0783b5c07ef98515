// Prometheus metrics shared by the portal (/api/metrics) and the engine (/metrics): prom-client
// registries whose values are read from the database at scrape time (so every process on one
// database reports the same figures), a histogram whose buckets come from a query, and the
// scrape credential check (LIFEBOAT_METRICS_TOKEN). Metric names start with `lifeboat_`.
import { timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Histogram, Registry, type LabelValues, type MetricValueWithName } from "prom-client";

export { Counter, Gauge, Histogram, Registry };
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Run durations: 10 s … 1 day. */
export const RUN_DURATION_BUCKETS_SECONDS = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400];
/** HTTP / upstream call latencies: 5 ms … 30 s. */
export const CALL_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface StoredBuckets<L extends string> {
  labels: LabelValues<L>;
  /** Observations ≤ each bucket bound, in the order of `buckets` (cumulative). */
  cumulative: number[];
  count: number;
  sum: number;
}

/**
 * A histogram whose buckets are read when scraped (e.g. counted by SQL over every finished run),
 * instead of observed in this process: monotonic as long as the rows it counts are kept.
 */
export class StoredHistogram<L extends string = string> extends Histogram<L> {
  readonly #read: () => Promise<StoredBuckets<L>[]>;
  readonly #bounds: number[];
  readonly #name: string;
  readonly #help: string;

  constructor(opts: { name: string; help: string; labelNames: readonly L[]; buckets: number[]; registers: Registry[]; read: () => Promise<StoredBuckets<L>[]> }) {
    super({ name: opts.name, help: opts.help, labelNames: opts.labelNames, buckets: opts.buckets, registers: opts.registers });
    this.#read = opts.read;
    this.#bounds = opts.buckets;
    this.#name = opts.name;
    this.#help = opts.help;
  }

  /**
   * What the registry formats (prom-client's Histogram#get() reads it too): the stored buckets
   * instead of this process's observations.
   */
  async getForPromString(): Promise<{ name: string; help: string; type: "histogram"; values: MetricValueWithName<L>[]; aggregator: "sum" }> {
    const values: MetricValueWithName<L>[] = [];
    for (const row of await this.#read()) {
      this.#bounds.forEach((le, i) => values.push({ metricName: `${this.#name}_bucket`, labels: { ...row.labels, le }, value: row.cumulative[i] ?? 0 }));
      values.push({ metricName: `${this.#name}_bucket`, labels: { ...row.labels, le: "+Inf" }, value: row.count });
      values.push({ metricName: `${this.#name}_sum`, labels: row.labels, value: row.sum });
      values.push({ metricName: `${this.#name}_count`, labels: row.labels, value: row.count });
    }
    return { name: this.#name, help: this.#help, type: "histogram", values, aggregator: "sum" };
  }
}

/** A gauge whose values are read at scrape time: `read` returns every label set and its value. */
export function storedGauge<L extends string>(opts: { name: string; help: string; labelNames: readonly L[]; registers: Registry[]; read: () => Promise<{ labels: LabelValues<L>; value: number }[]> }): Gauge<L> {
  const { read, ...config } = opts;
  return new Gauge<L>({
    ...config,
    async collect() {
      this.reset();
      for (const row of await read()) this.set(row.labels, row.value);
    },
  });
}

/** A counter whose totals are read at scrape time (counted rows that are never deleted). */
export function storedCounter<L extends string>(opts: { name: string; help: string; labelNames: readonly L[]; registers: Registry[]; read: () => Promise<{ labels: LabelValues<L>; value: number }[]> }): Counter<L> {
  const { read, ...config } = opts;
  return new Counter<L>({
    ...config,
    async collect() {
      this.reset();
      for (const row of await read()) if (row.value > 0) this.inc(row.labels, row.value);
    },
  });
}

/** `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` (constant-time); false when no token is configured. */
export function isMetricsToken(authorization: string | null, metricsToken: string | undefined): boolean {
  if (!metricsToken || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length).trim());
  const expected = Buffer.from(metricsToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Cumulative bucket counts from per-bucket counts (`counts[i]` observations in (bound[i-1], bound[i]]). */
export function cumulate(counts: number[]): number[] {
  let sum = 0;
  return counts.map((c) => (sum += c));
}
