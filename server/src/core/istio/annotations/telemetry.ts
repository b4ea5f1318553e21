/** Istio's annotations for telemetry: metrics, their merge with the app's, tracing and access logs. */
import type { IstioKey } from '../keys';

export const TELEMETRY_ANNOTATIONS: readonly IstioKey[] = [
  // Telemetry.
  {
    name: 'prometheus.istio.io/merge-metrics',
    summary: 'Merges the app’s Prometheus metrics into the sidecar’s metrics endpoint, or not.',
    places: ['Pod'],
    value: { type: 'boolean', go: true },
    injectorChecks: true,
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsInclusionPrefixes',
    summary: 'Envoy stat name prefixes (comma-separated) to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionPrefixes` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsInclusionSuffixes',
    summary: 'Envoy stat name suffixes (comma-separated) to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionSuffixes` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsInclusionRegexps',
    summary: 'Regular expressions (comma-separated) of Envoy stat names to emit besides the defaults.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: {
      replacement: '`proxyStatsMatcher` in `proxy.istio.io/config`',
      note: 'Use `proxyStatsMatcher.inclusionRegexps` inside the `proxy.istio.io/config` annotation.',
    },
  },
  {
    name: 'sidecar.istio.io/statsHistogramBuckets',
    summary:
      'Custom histogram buckets per metric prefix, as JSON: `{"istiocustom":[1,5,10,50]}`.',
    places: ['Pod'],
    value: { type: 'json', shapes: ['object'] },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsFlushInterval',
    summary: 'How often push-based stat sinks (e.g. OTLP) are flushed; a duration, `5s` by default.',
    places: ['Pod'],
    value: { type: 'duration' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsEvictionInterval',
    summary: 'How long Istio’s standard metrics are kept without new samples before they are dropped; a duration.',
    places: ['Pod'],
    value: { type: 'duration' },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsHistogramBins',
    summary: 'Bins per time series of Istio’s standard histograms (default 100); fewer bins use less memory.',
    places: ['Pod'],
    value: { type: 'integer', min: 1, max: 4294967295 },
    stage: 'alpha',
  },
  {
    name: 'sidecar.istio.io/statsCompression',
    summary: 'Compression of the stats the sidecar serves: `brotli`, `gzip` or `zstd`.',
    places: ['Pod'],
    value: { type: 'enum', values: ['brotli', 'gzip', 'zstd'], strict: false },
    stage: 'alpha',
    deprecated: {},
  },
  {
    name: 'sidecar.istio.io/extraStatTags',
    summary: 'Extra tags (comma-separated) the in-proxy telemetry extracts.',
    places: ['Pod'],
    value: { type: 'list' },
    stage: 'alpha',
    deprecated: { note: 'Istio no longer reads it; configure metric tags with the Telemetry API.' },
  },
];
