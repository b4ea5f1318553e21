/** The parts of the istio-proxy container the sidecar and gateway templates write alike: image, args, ports, probe. */
import { A } from '../annotations';
import { goSprint, truthy } from '../config';
import type { Rec } from '../../plainData';
import { ann, value, type TemplateData } from './templateData';

/** `image:` the `sidecar.istio.io/proxyImage` annotation, else the values' image, when it has a registry; else `fallback`. */
export function proxyImage(d: TemplateData, valuesPath: string, fallback: string): string {
  const setting = ann(d, A.proxyImage, value(d, valuesPath));
  return setting.includes('/') ? setting : fallback;
}

/** Envoy's Prometheus port, the one port the templates declare. */
export function envoyPromPorts(): Rec[] {
  return [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }];
}

/** `pilot-agent proxy <role>` and the arguments that follow it in both templates: domain, log levels, STS, JSON logs. */
export function pilotAgentArgs(d: TemplateData, role: 'sidecar' | 'router'): string[] {
  const args = [
    'proxy',
    role,
    '--domain',
    `$(POD_NAMESPACE).svc.${goSprint(value(d, 'global.proxy.clusterDomain'))}`,
    `--proxyLogLevel=${ann(d, A.logLevel, value(d, 'global.proxy.logLevel'))}`,
    `--proxyComponentLogLevel=${ann(d, A.componentLogLevel, value(d, 'global.proxy.componentLogLevel'))}`,
    `--log_output_level=${ann(d, A.agentLogLevel, value(d, 'global.logging.level'))}`,
  ];
  if (truthy(value(d, 'global.sts.servicePort'))) {
    args.push(`--stsPort=${goSprint(value(d, 'global.sts.servicePort'))}`);
  }
  if (truthy(value(d, 'global.logAsJson'))) {
    args.push('--log_as_json');
  }
  return args;
}

/** Probe counts are `omitempty` int32 in Go: zero (or unparsable) values are not written. */
export function withoutZeros(probe: Rec): Rec {
  const out: Rec = {};
  for (const [k, x] of Object.entries(probe)) {
    if (typeof x === 'number' && (x === 0 || Number.isNaN(x))) {
      continue;
    }
    out[k] = x;
  }
  return out;
}

/** The readiness probe on the status port's `/healthz/ready`, its counts as the template prints them. */
export function readinessProbe(initialDelaySeconds: string, periodSeconds: string, failureThreshold: string): Rec {
  return withoutZeros({
    httpGet: { path: '/healthz/ready', port: 15021 },
    initialDelaySeconds: Number(initialDelaySeconds),
    periodSeconds: Number(periodSeconds),
    timeoutSeconds: 3,
    failureThreshold: Number(failureThreshold),
  });
}
