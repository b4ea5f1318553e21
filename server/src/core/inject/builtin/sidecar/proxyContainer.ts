/** The istio-proxy container of the sidecar template: image, args, lifecycle, env, probes, security, mounts. */
import { A } from '../../annotations';
import { goSprint, truthy } from '../../config';
import { setPullPolicy } from '../images';
import { envoyPromPorts, pilotAgentArgs, proxyImage, readinessProbe, withoutZeros } from '../proxyContainer';
import type { Rec } from '../../../plainData';
import { ann, value, type TemplateData } from '../templateData';
import { sidecarProxyEnv } from './proxyEnv';
import { proxySecurityContext } from './proxySecurityContext';
import type { SidecarSettings } from './settings';
import { sidecarVolumeMounts } from './volumeMounts';

function sidecarArgs(d: TemplateData): string[] {
  const args = pilotAgentArgs(d, 'sidecar');
  if (truthy(value(d, 'global.proxy.outlierLogPath'))) {
    args.push(`--outlierLogPath=${goSprint(value(d, 'global.proxy.outlierLogPath'))}`);
  }
  return args;
}

/** The values' lifecycle; else a postStart that holds the app until the proxy is up; else a native sidecar's drain. */
function sidecarLifecycle(d: TemplateData, s: SidecarSettings): unknown {
  if (truthy(value(d, 'global.proxy.lifecycle'))) {
    return value(d, 'global.proxy.lifecycle');
  }
  if (s.holdProxy) {
    return { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
  }
  if (s.nativeSidecar) {
    const command = s.adminUds
      ? ['pilot-agent', 'request', 'POST', 'drain_listeners?inboundonly&graceful&skip_exit']
      : ['pilot-agent', 'request', `--debug-port=${s.statusPort}`, 'POST', 'drain'];
    return { preStop: { exec: { command } } };
  }
  return undefined;
}

/** The startup (when enabled) and readiness probes, none when the status port is 0. */
function setProbes(d: TemplateData, s: SidecarSettings, proxy: Rec): void {
  if (s.statusPort === '0') {
    return;
  }
  if (truthy(value(d, 'global.proxy.startupProbe.enabled'))) {
    proxy['startupProbe'] = withoutZeros({
      httpGet: { path: '/healthz/ready', port: 15021 },
      periodSeconds: 1,
      timeoutSeconds: 3,
      failureThreshold: Number(goSprint(value(d, 'global.proxy.startupProbe.failureThreshold'))),
    });
  }
  proxy['readinessProbe'] = readinessProbe(
    ann(d, A.readinessInitialDelay, value(d, 'global.proxy.readinessInitialDelaySeconds')),
    ann(d, A.readinessPeriod, value(d, 'global.proxy.readinessPeriodSeconds')),
    ann(d, A.readinessFailureThreshold, value(d, 'global.proxy.readinessFailureThreshold')),
  );
}

export function sidecarProxyContainer(d: TemplateData, s: SidecarSettings): Rec {
  const proxy: Rec = { name: 'istio-proxy', image: proxyImage(d, 'global.proxy.image', d.proxyImage) };
  if (s.nativeSidecar) {
    proxy['restartPolicy'] = 'Always';
  }
  proxy['ports'] = envoyPromPorts();
  proxy['args'] = sidecarArgs(d);
  const lifecycle = sidecarLifecycle(d, s);
  if (lifecycle !== undefined) {
    proxy['lifecycle'] = lifecycle;
  }
  proxy['env'] = sidecarProxyEnv(d, s);
  setPullPolicy(d, proxy);
  setProbes(d, s, proxy);
  proxy['securityContext'] = proxySecurityContext(d, s);
  proxy['resources'] = s.resources ?? null;
  proxy['volumeMounts'] = sidecarVolumeMounts(d, s);
  return proxy;
}
