/**
 * What Go's typed round trip does to a Kubernetes object: kube-inject decodes each document into a `k8s.io/api`
 * struct and marshals it back, so zero-valued `omitempty` fields vanish, non-pointer structs always appear
 * (`resources: {}`, `status: {}`, `creationTimestamp: null`), quantities are canonical and JSON keys follow the Go
 * field order. This module carries a small schema of the types the injector touches and reproduces those effects.
 * Fields the schema does not know are kept as written.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import { canonicalQuantity } from './quantity';

type Json = unknown;

/** The Go flavour: `classic` (Istio 1.24, k8s 1.31 types) or `native` (Istio master, newer k8s types). */
export type GoFlavor = 'classic' | 'native';

// 's' string, 'i' integer, 'b' bool, 'q' Quantity, 'ios' IntOrString, 'time' metav1.Time, 'any' kept as written,
// 'obj' a struct of unknown shape (always present), '[T]' slice, 'map<T>' map, or a struct name from STRUCTS.
type TypeRef = string;
interface Field {
  readonly json: string;
  readonly type: TypeRef;
  readonly omitEmpty: boolean;
  readonly pointer: boolean;
  /** omitempty only in the newer Kubernetes types (`native`). */
  readonly omitEmptyNative: boolean;
}

/** `name|type[|flags]`: flags `o` omitempty, `p` pointer, `n` omitempty in the newer types only. */
function fields(spec: string): Field[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((f) => {
      const [json, type, flags = ''] = f.split('|') as [string, string, string?];
      return {
        json,
        type,
        omitEmpty: flags.includes('o'),
        pointer: flags.includes('p'),
        omitEmptyNative: flags.includes('n'),
      };
    });
}

const TYPE_META = 'kind|s|o apiVersion|s|o';
const OBJECT_META =
  'name|s|o generateName|s|o namespace|s|o selfLink|s|o uid|s|o resourceVersion|s|o generation|i|o ' +
  'creationTimestamp|time deletionTimestamp|any|op deletionGracePeriodSeconds|i|op labels|map<s>|o ' +
  'annotations|map<s>|o ownerReferences|[any]|o finalizers|[s]|o managedFields|[any]|o';

const STRUCTS: Record<string, Field[]> = {
  ObjectMeta: fields(OBJECT_META),
  ListMeta: fields('selfLink|s|o resourceVersion|s|o continue|s|o remainingItemCount|i|op'),
  List: fields(`${TYPE_META} metadata|ListMeta|o items|[any]`),
  PodTemplateSpec: fields('metadata|ObjectMeta|o spec|PodSpec|o'),
  Pod: fields(`${TYPE_META} metadata|ObjectMeta|o spec|PodSpec|o status|obj|o`),
  Deployment: fields(`${TYPE_META} metadata|ObjectMeta|o spec|DeploymentSpec|o status|DeploymentStatus|o`),
  DeploymentSpec: fields(
    'replicas|i|p selector|any|p template|PodTemplateSpec strategy|DeploymentStrategy|o minReadySeconds|i|o ' +
      'revisionHistoryLimit|i|p paused|b|o progressDeadlineSeconds|i|p',
  ),
  DeploymentStrategy: fields('type|s|o rollingUpdate|any|p'),
  DeploymentStatus: fields(
    'observedGeneration|i|o replicas|i|o updatedReplicas|i|o readyReplicas|i|o availableReplicas|i|o ' +
      'unavailableReplicas|i|o terminatingReplicas|i|op conditions|[any]|o collisionCount|i|op',
  ),
  StatefulSet: fields(`${TYPE_META} metadata|ObjectMeta|o spec|StatefulSetSpec|o status|StatefulSetStatus|o`),
  StatefulSetSpec: fields(
    'replicas|i|p selector|any|p template|PodTemplateSpec volumeClaimTemplates|[any]|o serviceName|s|n ' +
      'podManagementPolicy|s|o updateStrategy|UpdateStrategy|o revisionHistoryLimit|i|p minReadySeconds|i|o ' +
      'persistentVolumeClaimRetentionPolicy|any|p ordinals|any|p',
  ),
  UpdateStrategy: fields('type|s|o rollingUpdate|any|p'),
  StatefulSetStatus: fields(
    'observedGeneration|i|o replicas|i readyReplicas|i|o currentReplicas|i|o updatedReplicas|i|o ' +
      'currentRevision|s|o updateRevision|s|o collisionCount|i|op conditions|[any]|o availableReplicas|i',
  ),
  DaemonSet: fields(`${TYPE_META} metadata|ObjectMeta|o spec|DaemonSetSpec|o status|DaemonSetStatus|o`),
  DaemonSetSpec: fields(
    'selector|any|p template|PodTemplateSpec updateStrategy|UpdateStrategy|o minReadySeconds|i|o revisionHistoryLimit|i|p',
  ),
  DaemonSetStatus: fields(
    'currentNumberScheduled|i numberMisscheduled|i desiredNumberScheduled|i numberReady|i observedGeneration|i|o ' +
      'updatedNumberScheduled|i|o numberAvailable|i|o numberUnavailable|i|o collisionCount|i|op conditions|[any]|o',
  ),
  ReplicaSet: fields(`${TYPE_META} metadata|ObjectMeta|o spec|ReplicaSetSpec|o status|ReplicaSetStatus|o`),
  ReplicaSetSpec: fields('replicas|i|p minReadySeconds|i|o selector|any|p template|PodTemplateSpec|o'),
  ReplicaSetStatus: fields(
    'replicas|i fullyLabeledReplicas|i|o readyReplicas|i|o availableReplicas|i|o terminatingReplicas|i|op ' +
      'observedGeneration|i|o conditions|[any]|o',
  ),
  ReplicationController: fields(
    `${TYPE_META} metadata|ObjectMeta|o spec|ReplicationControllerSpec|o status|ReplicationControllerStatus|o`,
  ),
  ReplicationControllerSpec: fields('replicas|i|p minReadySeconds|i|o selector|map<s>|o template|PodTemplateSpec|op'),
  ReplicationControllerStatus: fields(
    'replicas|i fullyLabeledReplicas|i|o readyReplicas|i|o availableReplicas|i|o observedGeneration|i|o conditions|[any]|o',
  ),
  Job: fields(`${TYPE_META} metadata|ObjectMeta|o spec|JobSpec|o status|obj|o`),
  JobSpec: fields(
    'parallelism|i|p completions|i|p activeDeadlineSeconds|i|p podFailurePolicy|any|p successPolicy|any|p ' +
      'backoffLimit|i|p backoffLimitPerIndex|i|p maxFailedIndexes|i|p selector|any|p manualSelector|b|p ' +
      'template|PodTemplateSpec ttlSecondsAfterFinished|i|p completionMode|s|p suspend|b|p ' +
      'podReplacementPolicy|s|p managedBy|s|p',
  ),
  CronJob: fields(`${TYPE_META} metadata|ObjectMeta|o spec|CronJobSpec|o status|obj|o`),
  CronJobSpec: fields(
    'schedule|s timeZone|s|p startingDeadlineSeconds|i|p concurrencyPolicy|s|o suspend|b|p ' +
      'jobTemplate|JobTemplateSpec successfulJobsHistoryLimit|i|p failedJobsHistoryLimit|i|p',
  ),
  JobTemplateSpec: fields('metadata|ObjectMeta|o spec|JobSpec|o'),
  DeploymentConfig: fields(
    `${TYPE_META} metadata|ObjectMeta|o spec|DeploymentConfigSpec|o status|DeploymentConfigStatus|o`,
  ),
  DeploymentConfigSpec: fields(
    'strategy|DeploymentConfigStrategy|o minReadySeconds|i|o triggers|[any] replicas|i ' +
      'revisionHistoryLimit|i|p test|b paused|b|o selector|map<s>|o template|PodTemplateSpec|op',
  ),
  DeploymentConfigStrategy: fields(
    'type|s|o customParams|any|p recreateParams|any|p rollingParams|any|p resources|ResourceRequirements|o ' +
      'labels|map<s>|o annotations|map<s>|o activeDeadlineSeconds|i|p',
  ),
  DeploymentConfigStatus: fields(
    'latestVersion|i observedGeneration|i replicas|i updatedReplicas|i availableReplicas|i ' +
      'unavailableReplicas|i details|any|p conditions|[any]|o readyReplicas|i|o',
  ),
  PodSpec: fields(
    'volumes|[Volume]|o initContainers|[Container]|o containers|[Container] ephemeralContainers|[any]|o ' +
      'restartPolicy|s|o terminationGracePeriodSeconds|i|p activeDeadlineSeconds|i|p dnsPolicy|s|o ' +
      'nodeSelector|map<s>|o serviceAccountName|s|o serviceAccount|s|o automountServiceAccountToken|b|p ' +
      'nodeName|s|o hostNetwork|b|o hostPID|b|o hostIPC|b|o shareProcessNamespace|b|p securityContext|any|p ' +
      'imagePullSecrets|[any]|o hostname|s|o subdomain|s|o affinity|any|p schedulerName|s|o tolerations|[any]|o ' +
      'hostAliases|[any]|o priorityClassName|s|o priority|i|p dnsConfig|any|p readinessGates|[any]|o ' +
      'runtimeClassName|s|p enableServiceLinks|b|p preemptionPolicy|s|p overhead|map<q>|o ' +
      'topologySpreadConstraints|[any]|o setHostnameAsFQDN|b|p os|any|p hostUsers|b|p schedulingGates|[any]|o ' +
      'resourceClaims|[any]|o resources|ResourceRequirements|p hostnameOverride|s|p',
  ),
  Container: fields(
    'name|s image|s|o command|[s]|o args|[s]|o workingDir|s|o ports|[ContainerPort]|o envFrom|[any]|o ' +
      'env|[EnvVar]|o resources|ResourceRequirements|o resizePolicy|[any]|o restartPolicy|s|p ' +
      'restartPolicyRules|[any]|o volumeMounts|[VolumeMount]|o volumeDevices|[any]|o livenessProbe|Probe|p ' +
      'readinessProbe|Probe|p startupProbe|Probe|p lifecycle|Lifecycle|p terminationMessagePath|s|o ' +
      'terminationMessagePolicy|s|o imagePullPolicy|s|o securityContext|SecurityContext|p stdin|b|o ' +
      'stdinOnce|b|o tty|b|o',
  ),
  ContainerPort: fields('name|s|o hostPort|i|o containerPort|i protocol|s|o hostIP|s|o'),
  EnvVar: fields('name|s value|s|o valueFrom|EnvVarSource|p'),
  EnvVarSource: fields(
    'fieldRef|ObjectFieldSelector|p resourceFieldRef|ResourceFieldSelector|p configMapKeyRef|any|p ' +
      'secretKeyRef|any|p fileKeyRef|any|p',
  ),
  ObjectFieldSelector: fields('apiVersion|s|o fieldPath|s'),
  ResourceFieldSelector: fields('containerName|s|o resource|s divisor|q|o'),
  ResourceRequirements: fields('limits|map<q>|o requests|map<q>|o claims|[any]|o'),
  VolumeMount: fields(
    'name|s readOnly|b|o recursiveReadOnly|s|p mountPath|s subPath|s|o mountPropagation|s|p subPathExpr|s|o',
  ),
  Probe: fields(
    'exec|any|p httpGet|HTTPGetAction|p tcpSocket|any|p grpc|any|p initialDelaySeconds|i|o timeoutSeconds|i|o ' +
      'periodSeconds|i|o successThreshold|i|o failureThreshold|i|o terminationGracePeriodSeconds|i|p',
  ),
  HTTPGetAction: fields('path|s|o port|ios host|s|o scheme|s|o httpHeaders|[any]|o'),
  Lifecycle: fields('postStart|LifecycleHandler|p preStop|LifecycleHandler|p stopSignal|s|p'),
  LifecycleHandler: fields('exec|any|p httpGet|HTTPGetAction|p tcpSocket|any|p sleep|any|p'),
  SecurityContext: fields(
    'capabilities|any|p privileged|b|p seLinuxOptions|any|p windowsOptions|any|p runAsUser|i|p runAsGroup|i|p ' +
      'runAsNonRoot|b|p readOnlyRootFilesystem|b|p allowPrivilegeEscalation|b|p procMount|s|p ' +
      'seccompProfile|any|p appArmorProfile|any|p',
  ),
  Volume: fields(
    'name|s hostPath|any|p emptyDir|EmptyDirVolumeSource|p gcePersistentDisk|any|p awsElasticBlockStore|any|p ' +
      'gitRepo|any|p secret|any|p nfs|any|p iscsi|any|p glusterfs|any|p persistentVolumeClaim|any|p rbd|any|p ' +
      'flexVolume|any|p cinder|any|p cephfs|any|p flocker|any|p downwardAPI|DownwardAPIVolumeSource|p fc|any|p ' +
      'azureFile|any|p configMap|any|p vsphereVolume|any|p quobyte|any|p azureDisk|any|p ' +
      'photonPersistentDisk|any|p projected|any|p portworxVolume|any|p scaleIO|any|p storageos|any|p csi|any|p ' +
      'ephemeral|any|p image|any|p',
  ),
  EmptyDirVolumeSource: fields('medium|s|o sizeLimit|q|op'),
  DownwardAPIVolumeSource: fields('items|[DownwardAPIVolumeFile]|o defaultMode|i|p'),
  DownwardAPIVolumeFile: fields(
    'path|s fieldRef|ObjectFieldSelector|p resourceFieldRef|ResourceFieldSelector|p mode|i|p',
  ),
};

/** A field of a schema struct, for views that read the struct by its Go field names. */
export type GoField = Field;

/** The schema's fields of Go struct `type` (in Go's field order), or undefined when the schema does not know it. */
export function goStructFields(type: string): readonly GoField[] | undefined {
  return STRUCTS[type];
}

/** The kinds kube-inject decodes (its scheme), by `apiVersion` and `kind`, and their Go type. */
const REGISTERED: Record<string, string> = {
  'v1/Pod': 'Pod',
  'v1/ReplicationController': 'ReplicationController',
  'v1/List': 'List',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/DaemonSet': 'DaemonSet',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'apps/v1/StatefulSet': 'StatefulSet',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'apps.openshift.io/v1/DeploymentConfig': 'DeploymentConfig',
  // OpenShift's legacy (ungrouped) API: kube-inject's scheme registers DeploymentConfig there too.
  'v1/DeploymentConfig': 'DeploymentConfig',
};

/** The Go type kube-inject decodes `obj` into, or undefined when its apiVersion/kind is not in the scheme. */
export function registeredType(obj: unknown): string | undefined {
  if (!isRec(obj) || typeof obj['apiVersion'] !== 'string' || typeof obj['kind'] !== 'string') {
    return undefined;
  }
  return REGISTERED[`${obj['apiVersion']}/${obj['kind']}`];
}

function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function zeroOf(type: TypeRef): unknown {
  switch (type) {
    case 's':
      return '';
    case 'i':
    case 'ios':
      return 0;
    case 'b':
      return false;
    case 'q':
      return '0';
    default:
      return null;
  }
}

function normValue(value: Json, type: TypeRef, flavor: GoFlavor): Json {
  if (type === 'any') {
    return value;
  }
  if (type === 'q') {
    if (value === null || value === undefined) {
      return '0';
    }
    return typeof value === 'string' || typeof value === 'number' ? (canonicalQuantity(value) ?? value) : value;
  }
  if (type.startsWith('[')) {
    const inner = type.slice(1, -1);
    return Array.isArray(value) ? value.map((v) => normValue(v, inner, flavor)) : value;
  }
  if (type.startsWith('map<')) {
    const inner = type.slice(4, -1);
    if (!isRec(value)) {
      return value;
    }
    const out: Rec = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = inner === 's' || inner === 'any' ? v : normValue(v, inner, flavor);
    }
    return out;
  }
  const struct = STRUCTS[type];
  if (struct && isRec(value)) {
    return normStruct(value, struct, flavor);
  }
  return value;
}

function normStruct(value: Rec, struct: readonly Field[], flavor: GoFlavor): Rec {
  const out: Rec = {};
  const known = new Set<string>();
  for (const f of struct) {
    known.add(f.json);
    const v = value[f.json];
    const isStruct = STRUCTS[f.type] !== undefined;
    const omitEmpty = f.omitEmpty || f.pointer || (f.omitEmptyNative && flavor === 'native');
    if (f.type === 'obj') {
      out[f.json] = isRec(v) ? v : {};
      continue;
    }
    if (v === undefined || v === null) {
      if (f.type === 'time') {
        if (flavor === 'classic') {
          out[f.json] = null;
        }
      } else if (f.pointer || f.type.startsWith('[') || f.type.startsWith('map<') || f.type === 'any') {
        if (!omitEmpty) {
          out[f.json] = null;
        }
      } else if (isStruct) {
        out[f.json] = normStruct({}, STRUCTS[f.type] as Field[], flavor);
      } else if (f.type === 'q' || f.type === 'ios' || !omitEmpty) {
        out[f.json] = zeroOf(f.type);
      }
      continue;
    }
    if (f.type === 'time') {
      out[f.json] = v;
      continue;
    }
    if (!f.pointer && omitEmpty && !isStruct && isZeroScalar(v)) {
      continue;
    }
    if (omitEmpty && Array.isArray(v) && v.length === 0) {
      continue;
    }
    if (omitEmpty && f.type.startsWith('map<') && isRec(v) && Object.keys(v).length === 0) {
      continue;
    }
    out[f.json] = normValue(v, f.type, flavor);
  }
  for (const [k, v] of Object.entries(value)) {
    if (!known.has(k) && v !== null && v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Where kube-inject's typed decode (sigs.k8s.io/yaml into the `k8s.io/api` struct) refuses the object, as a sentence
 * naming the field; undefined when it decodes. Go accepts any scalar in a string field (the YAML text is kept) and
 * null anywhere (the zero value), and refuses a map or list where a scalar belongs, a scalar or map where a list
 * belongs, a string in a number or bool field and a fraction in an integer field. Fields outside the schema are not
 * checked. (YAML 1.1 booleans such as `yes` are bools to Go's parser but strings here, so a bool field takes them.)
 */
export function goDecodeProblem(obj: Rec, type: string): string | undefined {
  const problem = decodeProblem(obj, type, '');
  if (problem || type !== 'List' || !Array.isArray(obj['items'])) {
    return problem;
  }
  // A List's items are decoded by their own kinds.
  for (const [i, item] of (obj['items'] as unknown[]).entries()) {
    const itemType = registeredType(item);
    const p = itemType && isRec(item) ? decodeProblem(item, itemType, '') : undefined;
    if (p) {
      return `items[${i}]: ${p}`;
    }
  }
  return undefined;
}

const YAML11_BOOLS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function decodeProblem(value: Json, type: TypeRef, path: string): string | undefined {
  if (value === null || value === undefined || type === 'any' || type === 'time') {
    return undefined;
  }
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  const wrong = (wanted: string): string => mismatch(value, path, wanted);
  switch (type) {
    case 's':
      return scalar ? undefined : wrong('a string');
    case 'i':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' ? undefined : wrong('an integer');
    case 'b':
      return typeof value === 'boolean' || (typeof value === 'string' && YAML11_BOOLS.test(value)) ? undefined : wrong('true or false');
    case 'q':
      return typeof value === 'string' || typeof value === 'number' ? undefined : wrong('a quantity such as 100m or 1Gi');
    case 'ios':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? undefined : wrong('a number or a name');
    case 'obj':
      return isRec(value) ? undefined : wrong('a map');
  }
  if (type.startsWith('[')) {
    if (!Array.isArray(value)) {
      return wrong(type === '[s]' ? 'a list of strings' : 'a list');
    }
    const inner = type.slice(1, -1);
    for (let i = 0; i < value.length; i++) {
      const p = decodeProblem(value[i], inner, `${path}[${i}]`);
      if (p) {
        return p;
      }
    }
    return undefined;
  }
  if (type.startsWith('map<')) {
    if (!isRec(value)) {
      return wrong(type === 'map<s>' ? 'a map of strings' : 'a map');
    }
    const inner = type.slice(4, -1);
    for (const [k, v] of Object.entries(value)) {
      const p = decodeProblem(v, inner, `${path}${path ? '.' : ''}${k}`);
      if (p) {
        return p;
      }
    }
    return undefined;
  }
  const struct = STRUCTS[type];
  if (!struct) {
    return undefined;
  }
  if (!isRec(value)) {
    return wrong('a map');
  }
  for (const f of struct) {
    const p = decodeProblem(value[f.json], f.type, `${path}${path ? '.' : ''}${f.json}`);
    if (p) {
      return p;
    }
  }
  return undefined;
}

function mismatch(value: Json, path: string, wanted: string): string {
  return `${path || 'the object'} is ${describeJs(value)}, where Kubernetes wants ${wanted}; kube-inject cannot decode it`;
}

function describeJs(value: Json): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (isRec(value)) {
    return 'a map';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === 'boolean' ? `${String(value)} (a bool)` : `the number ${String(value)}`;
}

/** Normalises a value of Go type `type` (a name from the schema) as Go's decode + encode would. */
export function goNormalize(value: Json, type: string, flavor: GoFlavor): Json {
  return normValue(value, type, flavor);
}

/** Normalises a top-level object of a registered kind (list items too); other objects are returned as they are. */
export function goNormalizeObject(obj: Rec, flavor: GoFlavor): Rec {
  const type = registeredType(obj);
  if (!type) {
    return obj;
  }
  const out = normValue(obj, type, flavor) as Rec;
  if (type === 'List' && Array.isArray(out['items'])) {
    out['items'] = (out['items'] as unknown[]).map((item) => (isRec(item) ? goNormalizeObject(item, flavor) : item));
  }
  return out;
}

/**
 * JSON text as Go's encoding/json writes it: no spaces, `<`, `>` and `&` escaped, U+2028/2029 escaped.
 * Key order is the object's own order (use goNormalize first to get Go's field order).
 */
export function goJson(value: Json): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Go's JSON of a value of schema type `type` (field order and omitempty as the Go struct). */
export function goJsonOf(value: Json, type: string, flavor: GoFlavor): string {
  return goJson(goNormalize(value, type, flavor));
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** yaml.v2's map key order (letters after other characters, digit runs compared as numbers). */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as string;
    const cb = br[i] as string;
    if (ca === cb) {
      continue;
    }
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) {
      return ca < cb;
    }
    if (al || bl) {
      return bl;
    }
    let an = 0;
    let bn = 0;
    if (ca === '0' || cb === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) {
      an = an * 10 + Number(ar[ai]);
    }
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as string); bi++) {
      bn = bn * 10 + Number(br[bi]);
    }
    if (an !== bn) {
      return an < bn;
    }
    if (ai !== bi) {
      return ai < bi;
    }
    return ca < cb;
  }
  return ar.length < br.length;
}

/** A deep copy with every map's keys in yaml.v2 order. */
export function sortKeysGo(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(sortKeysGo);
  }
  if (isRec(value)) {
    const keys = Object.keys(value).sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0));
    const out: Rec = {};
    for (const k of keys) {
      out[k] = sortKeysGo(value[k]);
    }
    return out;
  }
  return value;
}
