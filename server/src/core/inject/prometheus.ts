/**
 * The Prometheus merge of istiod's postProcessPod: the app's `prometheus.io/*` annotations move into the sidecar's
 * ISTIO_PROMETHEUS_ANNOTATIONS and the pod is scraped at the agent's merged endpoint instead.
 */
import type { Rec } from '../plainData';
import { A } from './annotations';
import type { TemplateFlavor } from './config';
import { goJson } from './goEncoding';
import { findInPod, meshStatusPort, metaOf, PROXY, stringMap } from './podFields';

const PROMETHEUS_SCRAPE = 'prometheus_io_scrape';
const PROMETHEUS_PORT = 'prometheus_io_port';
const PROMETHEUS_PATH = 'prometheus_io_path';

/** Prometheus' SanitizeLabelName: every character outside [a-zA-Z0-9_] becomes `_`. */
function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

export function clearPrometheusAnnotations(annotations: Rec): void {
  for (const k of Object.keys(annotations)) {
    if ([PROMETHEUS_SCRAPE, PROMETHEUS_PORT, PROMETHEUS_PATH].includes(sanitizeLabelName(k))) {
      delete annotations[k];
    }
  }
}

export function prometheusPort(annotations: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(annotations)) {
    if (sanitizeLabelName(k) === PROMETHEUS_PORT) {
      return v;
    }
  }
  return undefined;
}

const SCRAPE_TARGETS = 'prometheus.istio.io/scrape-targets';

/** `prometheus.istio.io/scrape-targets: "8080:/metrics,9100:/custom"` (newer injector): several app endpoints. */
function scrapeTargets(value: string | undefined): { port: string; path: string }[] {
  if (value === undefined) {
    return [];
  }
  const out: { port: string; path: string }[] = [];
  for (const part of value.split(',')) {
    const t = part.trim();
    if (t === '') {
      continue;
    }
    const i = t.indexOf(':');
    const port = (i < 0 ? t : t.slice(0, i)).trim();
    const path = i < 0 ? '/metrics' : t.slice(i + 1).trim() || '/metrics';
    if (/^\d+$/.test(port)) {
      out.push({ port, path });
    }
  }
  return out;
}

export function applyPrometheusMerge(pod: Rec, mesh: Rec, flavor: TemplateFlavor): void {
  const meta = metaOf(pod);
  const annotations = stringMap(meta['annotations']);
  let scrape = true;
  for (const [k, v] of Object.entries(annotations)) {
    if (sanitizeLabelName(k) === PROMETHEUS_SCRAPE) {
      const b = parseBoolLoose(v);
      if (b !== undefined) {
        scrape = b;
        break;
      }
    }
  }
  let merge = mesh['enablePrometheusMerge'] !== false;
  const m = annotations[A.mergeMetrics];
  if (m !== undefined) {
    const b = parseBoolLoose(m);
    if (b !== undefined) {
      merge = b;
    }
  }
  if (!scrape || !merge) {
    return;
  }
  const target = String(meshStatusPort(mesh));
  if (prometheusPort(annotations) === target) {
    return;
  }
  const cfg: { scrape: string; path: string; port: string; targets?: { port: string; path: string }[] } = {
    scrape: '',
    path: '',
    port: '',
  };
  for (const [k, v] of Object.entries(annotations)) {
    const s = sanitizeLabelName(k);
    if (s === PROMETHEUS_PORT) {
      cfg.port = v;
    } else if (s === PROMETHEUS_SCRAPE) {
      cfg.scrape = v;
    } else if (s === PROMETHEUS_PATH) {
      cfg.path = v;
    }
  }
  const targets = flavor === 'native' ? scrapeTargets(annotations[SCRAPE_TARGETS]) : [];
  if (targets.length > 0) {
    cfg.port = cfg.port || (targets[0] as { port: string }).port;
    cfg.path = cfg.path || (targets[0] as { path: string }).path;
    cfg.targets = targets;
  }
  const sidecar = findInPod(PROXY, pod);
  if (sidecar && (cfg.scrape !== '' || cfg.path !== '' || cfg.port !== '')) {
    const env = Array.isArray(sidecar['env']) ? (sidecar['env'] as unknown[]) : [];
    sidecar['env'] = [...env, { name: 'ISTIO_PROMETHEUS_ANNOTATIONS', value: goJson(cfg) }];
  }
  const next: Rec = { ...annotations };
  clearPrometheusAnnotations(next);
  if (flavor === 'native') {
    delete next[SCRAPE_TARGETS];
  }
  next['prometheus.io/port'] = target;
  next['prometheus.io/path'] = '/stats/prometheus';
  next['prometheus.io/scrape'] = 'true';
  meta['annotations'] = next;
}

function parseBoolLoose(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) {
    return false;
  }
  return undefined;
}
