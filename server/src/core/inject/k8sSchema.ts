/**
 * The small schema of `k8s.io/api` types the injector round-trips: each struct's JSON fields in Go's order, with
 * their types and `omitempty`/pointer flags, and the kinds kube-inject's scheme decodes.
 */
import { isRec } from '../plainData';

// 's' string, 'i' integer, 'b' bool, 'q' Quantity, 'ios' IntOrString, 'time' metav1.Time, 'any' kept as written,
// 'obj' a struct of unknown shape (always present), '[T]' slice, 'map<T>' map, or a struct name from STRUCTS.
export type TypeRef = string;
export interface Field {
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

export const STRUCTS: Record<string, Field[]> = {
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
