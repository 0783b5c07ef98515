// Prometheus text format read back into metric families (parse-prometheus-text-format, typed once
// here): what the engine's and the portal's metrics tests check their scrape answers with.
// The package ships no types; its declaration must reach every program that compiles this file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./parse-prometheus-text-format.d.ts" />
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export type MetricFamily = ReturnType<typeof parsePrometheusTextFormat>[number];

export function parseMetricsText(text: string): MetricFamily[] {
  return parsePrometheusTextFormat(text);
}
