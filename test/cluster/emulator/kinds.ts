import { arr, at, child, clone, deepEqual, isObject, obj, str, type Json, type JsonObject } from './json';
import type { ResourceType } from './resources';
import { ApiError, type StatusCause } from './status';

// Per-kind defaulting and validation: only what the apiserver does that a client can observe in our tests
// (allocated clusterIP/nodePorts, defaulted protocol, Secret stringData, Namespace finalizers; name formats,
// required fields, Service port rules, Deployment selector, CRD names).

/** Allocators the defaulting step uses (clusterIP from the service CIDR, nodePorts from 30000-32767). */
export interface Allocators {
  clusterIP(): string;
  nodePort(): number;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const invalid = (field: string, value: Json | undefined, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  field,
});
const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field });
const duplicate = (field: string, value: Json): StatusCause => ({
  reason: 'FieldValueDuplicate',
  message: `Duplicate value: ${JSON.stringify(value)}`,
  field,
});
const unsupported = (field: string, value: Json | undefined, allowed: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  field,
});

/** Service and Endpoints port names: a DNS-1123 label (the apiserver's ValidateDNS1123Label), not IANA_SVC_NAME. */
export function servicePortNameProblem(name: string): string | undefined {
  if (name.length > 63) {
    return 'must be no more than 63 characters';
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  }
  return undefined;
}

/** IANA_SVC_NAME, the rule for container port names (and Istio's port-name prefixes live inside it). */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) {
    return 'must be no more than 15 characters';
  }
  if (!/^[-a-z0-9]+$/.test(name)) {
    return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  }
  if (!/[a-z]/.test(name)) {
    return 'must contain at least one letter (a-z)';
  }
  if (name.includes('--') || name.startsWith('-') || name.endsWith('-')) {
    return 'must not contain consecutive hyphens or begin or end with a hyphen';
  }
  return undefined;
}

function nameRule(kind: string): { re: RegExp; max: number; what: string } {
  if (kind === 'Namespace') {
    return { re: DNS1123_LABEL, max: 63, what: 'a lowercase RFC 1123 label' };
  }
  if (kind === 'Service') {
    return { re: DNS1035_LABEL, max: 63, what: 'a DNS-1035 label' };
  }
  return { re: DNS1123_SUBDOMAIN, max: 253, what: 'a lowercase RFC 1123 subdomain' };
}

/** Type errors a strict JSON decode into the Go types would raise (400 BadRequest, not 422). */
export function decodeProblem(t: ResourceType, o: JsonObject): ApiError | undefined {
  const fail = (detail: string): ApiError =>
    new ApiError(400, 'BadRequest', `${t.kind} in version "${t.versions[0]}" cannot be handled as a ${t.kind}: ${detail}`);
  if (o.metadata !== undefined && !isObject(o.metadata)) {
    return fail('json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta');
  }
  for (const section of ['labels', 'annotations']) {
    const m = at(o, 'metadata', section);
    if (m === undefined || m === null) {
      continue;
    }
    if (!isObject(m)) {
      return fail(`json: cannot unmarshal ${typeof m} into Go struct field ObjectMeta.metadata.${section} of type map[string]string`);
    }
    for (const v of Object.values(m)) {
      if (typeof v !== 'string') {
        return fail(`json: cannot unmarshal ${typeof v} into Go struct field ObjectMeta.metadata.${section} of type string`);
      }
    }
  }
  if (t.builtin && t.kind === 'Secret') {
    for (const [k, v] of Object.entries(obj(o.data) ?? {})) {
      if (typeof v !== 'string' || !BASE64.test(v)) {
        return fail(`illegal base64 data in data[${JSON.stringify(k)}]`);
      }
    }
  }
  if (t.builtin && t.kind === 'Service') {
    for (const p of arr(at(o, 'spec', 'ports'))) {
      const port = at(p, 'port');
      if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port))) {
        return fail(`json: cannot unmarshal ${typeof port} into Go struct field ServicePort.spec.ports.port of type int32`);
      }
    }
  }
  return undefined;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
/** First address and size of an IPv4 CIDR. */
export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: ipToInt(ip!) - (ipToInt(ip!) % size), size };
}

/** Fills what the apiserver fills; `old` lets allocated values (clusterIP, nodePorts) survive updates. */
export function applyDefaults(t: ResourceType, o: JsonObject, old: JsonObject | undefined, alloc: Allocators): void {
  const meta = child(o, 'metadata');
  if (!t.builtin) {
    return;
  }
  switch (t.kind) {
    case 'Namespace': {
      const labels = child(meta, 'labels');
      labels['kubernetes.io/metadata.name'] = String(meta.name);
      const spec = child(o, 'spec');
      spec.finalizers ??= ['kubernetes'];
      const status = child(o, 'status');
      status.phase ??= 'Active';
      return;
    }
    case 'Service':
      return defaultService(o, old, alloc);
    case 'Secret': {
      o.type ??= 'Opaque';
      const stringData = obj(o.stringData);
      if (stringData) {
        const data = child(o, 'data');
        for (const [k, v] of Object.entries(stringData)) {
          data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        }
        delete o.stringData;
      }
      return;
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const spec = child(o, 'spec');
      spec.replicas ??= 1;
      // extensions/v1beta1 defaulted the selector from the template's labels (apps/v1 requires it).
      const labels = obj(at(spec, 'template', 'metadata', 'labels'));
      if (t.group === 'extensions' && spec.selector === undefined && labels) {
        spec.selector = { matchLabels: clone(labels) };
      }
      return;
    }
    case 'Pod': {
      const status = child(o, 'status');
      status.phase ??= 'Pending';
      return;
    }
    case 'CustomResourceDefinition': {
      const names = obj(at(o, 'spec', 'names')) ?? {};
      const status = child(o, 'status');
      status.acceptedNames = { ...names };
      status.conditions = [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ];
      status.storedVersions = arr(at(o, 'spec', 'versions'))
        .filter((v) => at(v, 'storage') === true)
        .map((v) => String(at(v, 'name')));
      return;
    }
    default:
      return;
  }
}

function defaultService(o: JsonObject, old: JsonObject | undefined, alloc: Allocators): void {
  const spec = child(o, 'spec');
  const oldSpec = obj(old?.spec);
  spec.type ??= 'ClusterIP';
  const type = spec.type;
  if (type === 'ExternalName') {
    return;
  }
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    spec.clusterIP = str(oldSpec?.clusterIP) ?? alloc.clusterIP();
  }
  spec.clusterIPs = [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  const oldPorts = arr(oldSpec?.ports);
  for (const p of arr(spec.ports)) {
    if (!isObject(p)) {
      continue;
    }
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port ?? null;
    if (type === 'NodePort' || type === 'LoadBalancer') {
      if (p.nodePort === undefined) {
        const prev = oldPorts.find((q) => at(q, 'port') === p.port && (at(q, 'protocol') ?? 'TCP') === p.protocol);
        p.nodePort = (at(prev, 'nodePort') as number | undefined) ?? alloc.nodePort();
      }
    }
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
  }
  if (type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts ??= true;
  }
  const status = child(o, 'status');
  status.loadBalancer ??= {};
}

/** Validation causes for an object about to be stored (empty when valid). */
export function validate(t: ResourceType, o: JsonObject, old: JsonObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = str(at(o, 'metadata', 'name')) ?? '';
  const rule = nameRule(t.kind);
  if (name === '') {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  } else if (name.length > rule.max || !rule.re.test(name)) {
    causes.push(invalid('metadata.name', name, `a valid name must be ${rule.what} (at most ${rule.max} characters)`));
  }
  for (const [k, v] of Object.entries(obj(at(o, 'metadata', 'labels')) ?? {})) {
    if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
      causes.push(invalid('metadata.labels', v, 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'));
    }
    if (k.length === 0 || k.length > 316) {
      causes.push(invalid('metadata.labels', k, 'name part must be non-empty and at most 63 characters'));
    }
  }
  if (!t.builtin) {
    return causes;
  }
  switch (t.kind) {
    case 'Service':
      validateService(o, old, causes);
      break;
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'ReplicaSet':
      validateWorkload(o, causes);
      // apps/v1 made the selector immutable: a changed one needs delete and re-create.
      if (old && !deepEqual(at(old, 'spec', 'selector') ?? null, at(o, 'spec', 'selector') ?? null)) {
        causes.push(invalid('spec.selector', at(o, 'spec', 'selector') ?? null, 'field is immutable'));
      }
      break;
    case 'Pod':
      validatePodSpec(obj(o.spec), 'spec', causes);
      break;
    case 'Secret':
    case 'ConfigMap':
      for (const k of Object.keys(obj(o.data) ?? {})) {
        if (!CONFIG_KEY.test(k)) {
          causes.push(invalid(`data[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
        }
      }
      break;
    case 'Endpoints':
      validateEndpoints(o, causes);
      break;
    case 'CustomResourceDefinition':
      validateCrd(o, name, causes);
      break;
    default:
      break;
  }
  return causes;
}

function validateService(o: JsonObject, old: JsonObject | undefined, causes: StatusCause[]): void {
  const spec = obj(o.spec) ?? {};
  const type = spec.type ?? 'ClusterIP';
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (typeof type !== 'string' || !types.includes(type)) {
    causes.push(unsupported('spec.type', type, types));
    return;
  }
  if (type === 'ExternalName') {
    if (!spec.externalName) {
      causes.push(required('spec.externalName'));
    }
    return;
  }
  const ports = arr(spec.ports);
  if (ports.length === 0 && spec.clusterIP !== 'None') {
    causes.push(required('spec.ports'));
  }
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    const port = at(p, 'port');
    if (port === undefined) {
      causes.push(required(`${f}.port`));
    } else if (typeof port !== 'number' || port < 1 || port > 65535) {
      causes.push(invalid(`${f}.port`, port, 'must be between 1 and 65535, inclusive'));
    }
    const pname = at(p, 'name');
    if (pname === undefined || pname === '') {
      if (ports.length > 1) {
        causes.push(required(`${f}.name`));
      }
    } else if (typeof pname === 'string') {
      const problem = servicePortNameProblem(pname);
      if (problem) {
        causes.push(invalid(`${f}.name`, pname, problem));
      } else if (seen.has(pname)) {
        causes.push(duplicate(`${f}.name`, pname));
      }
      seen.add(pname);
    }
    const protocol = at(p, 'protocol') ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(String(protocol))) {
      causes.push(unsupported(`${f}.protocol`, protocol, ['SCTP', 'TCP', 'UDP']));
    }
    const nodePort = at(p, 'nodePort');
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP') {
        causes.push({ reason: 'FieldValueForbidden', message: "Forbidden: may not be used when `type` is 'ClusterIP'", field: `${f}.nodePort` });
      } else if (typeof nodePort !== 'number' || nodePort < 30000 || nodePort > 32767) {
        causes.push(invalid(`${f}.nodePort`, nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767'));
      }
    }
    const target = at(p, 'targetPort');
    if (typeof target === 'number' && (target < 1 || target > 65535)) {
      causes.push(invalid(`${f}.targetPort`, target, 'must be between 1 and 65535, inclusive'));
    } else if (typeof target === 'string' && portNameProblem(target)) {
      causes.push(invalid(`${f}.targetPort`, target, portNameProblem(target)!));
    }
  });
  const oldIP = str(at(old, 'spec', 'clusterIP'));
  if (oldIP && spec.clusterIP !== undefined && spec.clusterIP !== oldIP) {
    causes.push(invalid('spec.clusterIPs[0]', [String(spec.clusterIP)], 'may not change once set'));
  }
  for (const v of Object.values(obj(spec.selector) ?? {})) {
    if (typeof v !== 'string') {
      causes.push(invalid('spec.selector', v, 'must be a string'));
    }
  }
}

function validatePodSpec(spec: JsonObject | undefined, field: string, causes: StatusCause[]): void {
  const containers = arr(spec?.containers);
  if (containers.length === 0) {
    causes.push(required(`${field}.containers`));
  }
  containers.forEach((c, i) => {
    const f = `${field}.containers[${i}]`;
    const cname = at(c, 'name');
    if (typeof cname !== 'string' || cname === '') {
      causes.push(required(`${f}.name`));
    } else if (!DNS1123_LABEL.test(cname)) {
      causes.push(invalid(`${f}.name`, cname, 'a lowercase RFC 1123 label'));
    }
    if (typeof at(c, 'image') !== 'string' || at(c, 'image') === '') {
      causes.push(required(`${f}.image`));
    }
    arr(at(c, 'ports')).forEach((p, j) => {
      const cp = at(p, 'containerPort');
      if (typeof cp !== 'number' || cp < 1 || cp > 65535) {
        causes.push(invalid(`${f}.ports[${j}].containerPort`, cp, 'must be between 1 and 65535, inclusive'));
      }
      const pname = at(p, 'name');
      if (typeof pname === 'string' && portNameProblem(pname)) {
        causes.push(invalid(`${f}.ports[${j}].name`, pname, portNameProblem(pname)!));
      }
    });
  });
}

function validateWorkload(o: JsonObject, causes: StatusCause[]): void {
  const spec = obj(o.spec);
  const selector = obj(spec?.selector);
  if (!selector) {
    causes.push(required('spec.selector'));
  }
  const labels = obj(at(spec, 'template', 'metadata', 'labels')) ?? {};
  const matchLabels = obj(selector?.matchLabels) ?? {};
  if (selector && Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  validatePodSpec(obj(at(spec, 'template', 'spec')), 'spec.template.spec', causes);
}

function validateEndpoints(o: JsonObject, causes: StatusCause[]): void {
  arr(o.subsets).forEach((s, i) => {
    arr(at(s, 'addresses')).forEach((a, j) => {
      const ip = at(a, 'ip');
      if (typeof ip !== 'string' || !IPV4.test(ip)) {
        causes.push(invalid(`subsets[${i}].addresses[${j}].ip`, ip, 'must be a valid IP address'));
      } else if (ip.startsWith('127.')) {
        causes.push(invalid(`subsets[${i}].addresses[${j}].ip`, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
      }
    });
    const ports = arr(at(s, 'ports'));
    ports.forEach((p, j) => {
      const port = at(p, 'port');
      if (typeof port !== 'number' || port < 1 || port > 65535) {
        causes.push(invalid(`subsets[${i}].ports[${j}].port`, port, 'must be between 1 and 65535, inclusive'));
      }
      const pname = at(p, 'name');
      if ((pname === undefined || pname === '') && ports.length > 1) {
        causes.push(required(`subsets[${i}].ports[${j}].name`));
      } else if (typeof pname === 'string' && pname !== '' && servicePortNameProblem(pname)) {
        causes.push(invalid(`subsets[${i}].ports[${j}].name`, pname, servicePortNameProblem(pname)!));
      }
    });
  });
}

function validateCrd(o: JsonObject, name: string, causes: StatusCause[]): void {
  const spec = obj(o.spec) ?? {};
  const group = str(spec.group);
  const plural = str(at(spec, 'names', 'plural'));
  if (!group) {
    causes.push(required('spec.group'));
  }
  if (!plural) {
    causes.push(required('spec.names.plural'));
  }
  if (!str(at(spec, 'names', 'kind'))) {
    causes.push(required('spec.names.kind'));
  }
  if (group && plural && name !== `${plural}.${group}`) {
    causes.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!['Namespaced', 'Cluster'].includes(String(spec.scope))) {
    causes.push(unsupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  const versions = arr(spec.versions);
  if (versions.length === 0) {
    causes.push(required('spec.versions'));
  } else if (versions.filter((v) => at(v, 'storage') === true).length !== 1) {
    causes.push(invalid('spec.versions', null, 'must have exactly one version marked as storage version'));
  }
  // apiextensions.k8s.io/v1: every version needs a structural schema (an object type at its root).
  versions.forEach((v, i) => {
    const schema = at(v, 'schema', 'openAPIV3Schema');
    const f = `spec.versions[${i}].schema.openAPIV3Schema`;
    if (!isObject(schema)) {
      causes.push({ reason: 'FieldValueRequired', message: 'Required value: schemas are required', field: f });
    } else if (schema.type !== 'object') {
      causes.push(
        schema.type === undefined
          ? { reason: 'FieldValueRequired', message: 'Required value: must not be empty at the root', field: `${f}.type` }
          : invalid(`${f}.type`, schema.type as Json, 'must be object at the root'),
      );
    }
  });
}

/** The initial status of a freshly created object of a type with a status subresource. */
export function initialStatus(t: ResourceType): JsonObject {
  return t.kind === 'Namespace' ? { phase: 'Active' } : {};
}
