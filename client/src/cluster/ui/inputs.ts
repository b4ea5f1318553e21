import { renderClusterEnv, renderSidecarEnv } from '../meshFiles';
import { parsePortSpecs } from '../vmRegistration';
import type { Translator } from './translator';

// Validation of what the mesh-expansion commands ask in input boxes: undefined = valid, else the message to show under
// the box (the same checks the library makes, so the user learns before anything is sent).

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `http:7000 mysql:3306`, `27017, 3306`: items separated by blanks and/or commas. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

export function validateServiceName(l10n: Translator, v: string): string | undefined {
  const name = v.trim();
  if (name === '') {
    return l10n.t('Enter the name of the Service the VM provides, e.g. mysql.');
  }
  return DNS1035.test(name) && name.length <= 63
    ? undefined
    : l10n.t('Use lowercase letters, digits and "-", starting with a letter (at most 63 characters).');
}

export function validateNamespace(l10n: Translator, v: string): string | undefined {
  const ns = v.trim();
  return DNS1123_LABEL.test(ns) && ns.length <= 63 ? undefined : l10n.t('A namespace is lowercase letters, digits and "-" (at most 63 characters).');
}

export function validateServiceAccount(l10n: Translator, v: string): string | undefined {
  const sa = v.trim();
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sa) && sa.length <= 253
    ? undefined
    : l10n.t('A service account name is lowercase letters, digits, "-" and "." (e.g. default).');
}

export function validateVmIp(l10n: Translator, v: string): string | undefined {
  const ip = v.trim();
  if (!IPV4.test(ip)) {
    return l10n.t('Enter the IPv4 address of the VM, reachable from the pods (e.g. 10.150.0.5).');
  }
  return ip.startsWith('127.') ? l10n.t('A loopback address cannot be an endpoint; use the address the pods reach the VM at.') : undefined;
}

/** `istioctl register` ports: `name:port` or a bare well-known port. */
export function validateRegisterPorts(l10n: Translator, v: string): string | undefined {
  const r = parsePortSpecs(splitList(v));
  return r.ok ? undefined : l10n.t('Ports as name:port separated by spaces (e.g. http:7000 mysql:3306): {0}', r.error);
}

/** ISTIO_SERVICE_CIDR: one or more IPv4 CIDRs. */
export function validateCidrs(l10n: Translator, v: string): string | undefined {
  try {
    renderClusterEnv(splitList(v));
    return undefined;
  } catch (e) {
    return l10n.t('Enter the service IP range(s) as CIDRs, e.g. 10.63.240.0/20: {0}', e instanceof Error ? e.message : String(e));
  }
}

/** ISTIO_INBOUND_PORTS: port numbers. */
export function validateInboundPorts(l10n: Translator, v: string): string | undefined {
  const r = renderSidecarEnv(splitList(v));
  return r.ok ? undefined : l10n.t('Enter the ports the VM serves, e.g. 27017,3306,8080: {0}', r.error);
}
