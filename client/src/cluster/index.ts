// The cluster library: everything the extension does against a cluster, over @kubernetes/client-node (no kubectl,
// no shell, no vscode import, so it runs under plain node tests against the API emulator in test/cluster/emulator).

export { KubeApi, type ApiRequest, type ApiResponse, type ApiResourceInfo } from './api';
export { ClusterError, type ClusterProblem, type ClusterProblemKind, type FieldConflict, type TargetInfo } from './errors';
export {
  checkConnection,
  connectionFromText,
  describeConnection,
  loadKubeconfig,
  type ClusterConnection,
  type ConnectionCheck,
  type KubeconfigOptions,
  type KubeconfigResult,
  type KubeconfigSource,
} from './kubeconfig';
export { applyOrder, deleteOrder, parseManifest, refString, type ManifestError, type ManifestObject, type ManifestParse } from './manifest';
export { Redactor, Sensitive, secretValues } from './redact';
export {
  applyManifest,
  FIELD_MANAGER,
  formatApplyOutcome,
  formatApplyResult,
  summarizeApply,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyProgress,
  type ApplyResult,
} from './apply';
export {
  deleteManifest,
  formatDeleteOutcome,
  formatDeleteResult,
  summarizeDelete,
  type DeleteOptions,
  type DeleteOutcome,
  type DeleteProgress,
  type DeleteResult,
} from './delete';
export type { FailedOutcome } from './objects';
export { podCheck, verifyInstall, type CheckStatus, type VerifyItem, type VerifyOptions, type VerifyReport, type VerifyResult } from './verify';
export { findGatewayUrl, type GatewayAddress, type GatewayHow, type GatewayOptions, type GatewayResult } from './gateway';
export {
  clusterEnv,
  discoverServiceCidr,
  dnsmasqConfig,
  exportIstioSecret,
  parsePortSpecs,
  registerVm,
  renderClusterEnv,
  renderSidecarEnv,
  type ClusterEnvResult,
  type DnsmasqResult,
  type IlbProblem,
  type IstioCertFile,
  type IstioSecretResult,
  type NamedPort,
  type RegisterResult,
  type RegisterVmOptions,
  type ServiceCidrResult,
  type ServiceCidrSource,
} from './meshExpansion';
export type { ObjectRef, KubeObject } from './types';
