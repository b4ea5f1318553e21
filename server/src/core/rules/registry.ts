import type { Rule } from './rule';
import gwCredentialExists from './gw-credential-exists';
import gwCredentialValid from './gw-credential-valid';
import vsRulesReachable from './vs-rules-reachable';
import vsMatchesEffective from './vs-matches-effective';
import istioFieldsNotDeprecated from './istio-fields-not-deprecated';
import istiodJwksCidrsBlocked from './istiod-jwks-cidrs-blocked';
import telemetryAccessLogProvider from './telemetry-access-log-provider';
import telemetryProviderNotLightstep from './telemetry-provider-not-lightstep';
import workloadImageAutoInjected from './workload-image-auto-injected';
import podImageAutoInjected from './pod-image-auto-injected';
import webhookInjectorValid from './webhook-injector-valid';
import crdGatewayApiVersion from './crd-gateway-api-version';
import istioSchemaValid from './istio-schema-valid';
import ecpWebhookUrlValid from './ecp-webhook-url-valid';
import ecpWebhookUrlHostname from './ecp-webhook-url-hostname';
import statusConditionsPositive from './status-conditions-positive';
import policySelectorNotGateway from './policy-selector-not-gateway';
import efAddOperationApplies from './ef-add-operation-applies';
import efRemoveOperationApplies from './ef-remove-operation-applies';
import efReplaceOperationApplies from './ef-replace-operation-applies';
import efRelativeOperationPriority from './ef-relative-operation-priority';
import efRelativeOperationProxyVersion from './ef-relative-operation-proxy-version';
import apSelectorMatches from './ap-selector-matches';
import apSourceNamespacesExist from './ap-source-namespaces-exist';
import vsJwtClaimRouteAuthn from './vs-jwt-claim-route-authn';
import seAddressesRequired from './se-addresses-required';
import meshNetworksRegistryKnown from './mesh-networks-registry-known';
import nsProxyImagesCurrent from './ns-proxy-images-current';
import annoNotAlpha from './anno-not-alpha';
import vsRegexesValid from './vs-regexes-valid';
import seProtocolsAgree from './se-protocols-agree';
import gwSelectorMatches from './gw-selector-matches';
import gwPortOnService from './gw-port-on-service';
import gwServersDistinct from './gw-servers-distinct';
import gwCertificateUnique from './gw-certificate-unique';
import telemetrySelectorMatches from './telemetry-selector-matches';
import telemetrySelectorsDistinct from './telemetry-selectors-distinct';
import telemetryDefaultSingle from './telemetry-default-single';
import sidecarSelectorMatches from './sidecar-selector-matches';
import sidecarSelectorsDistinct from './sidecar-selectors-distinct';
import sidecarDefaultSingle from './sidecar-default-single';
import sidecarNotAmbient from './sidecar-not-ambient';
import vsMeshHostsUnique from './vs-mesh-hosts-unique';
import drTlsCaCertificates from './dr-tls-ca-certificates';
import drPortTlsCaCertificates from './dr-port-tls-ca-certificates';
import drHostExists from './dr-host-exists';
import drSubsetSelectsPods from './dr-subset-selects-pods';
import annoInjectValueValid from './anno-inject-value-valid';
import annoNameKnown from './anno-name-known';
import annoNotDeprecated from './anno-not-deprecated';
import annoPlacementValid from './anno-placement-valid';
import annoValueValid from './anno-value-valid';
import nsInjectionLabelSingle from './ns-injection-label-single';
import nsInjectionLabelled from './ns-injection-labelled';
import nsInjectionDefaultExplicit from './ns-injection-default-explicit';
import podProxyPresent from './pod-proxy-present';
import svcExternalnamePortNamed from './svc-externalname-port-named';
import svcPortNamed from './svc-port-named';
import workloadAppLabel from './workload-app-label';
import workloadHasService from './workload-has-service';
import workloadLabelsDistinct from './workload-labels-distinct';
import workloadServicePortsAgree from './workload-service-ports-agree';
import workloadServiceProtocolsAgree from './workload-service-protocols-agree';
import workloadSingleService from './workload-single-service';
import workloadUidNot1337 from './workload-uid-not-1337';
import workloadVersionLabel from './workload-version-label';
import vsDestinationHostExists from './vs-destination-host-exists';
import vsDestinationSubsetExists from './vs-destination-subset-exists';
import vsDestinationPortRequired from './vs-destination-port-required';
import vsGatewayExists from './vs-gateway-exists';
import vsGatewayNotInternal from './vs-gateway-not-internal';
import vsHostInGateway from './vs-host-in-gateway';
import vsIngressRouteHasSubset from './vs-ingress-route-has-subset';

/** Every rule, one line each. */
export const allRules: readonly Rule[] = [
  svcPortNamed,
  svcExternalnamePortNamed,
  workloadServiceProtocolsAgree,
  workloadServicePortsAgree,
  workloadSingleService,
  workloadHasService,
  workloadAppLabel,
  workloadVersionLabel,
  workloadLabelsDistinct,
  annoInjectValueValid,
  annoPlacementValid,
  annoNameKnown,
  annoNotDeprecated,
  annoValueValid,
  nsInjectionLabelled,
  nsInjectionDefaultExplicit,
  nsInjectionLabelSingle,
  podProxyPresent,
  workloadUidNot1337,
  vsDestinationHostExists,
  vsDestinationSubsetExists,
  vsDestinationPortRequired,
  vsGatewayExists,
  vsGatewayNotInternal,
  vsHostInGateway,
  vsIngressRouteHasSubset,
  drHostExists,
  drSubsetSelectsPods,
  drTlsCaCertificates,
  drPortTlsCaCertificates,
  vsMeshHostsUnique,
  sidecarSelectorMatches,
  sidecarSelectorsDistinct,
  sidecarDefaultSingle,
  sidecarNotAmbient,
  telemetrySelectorMatches,
  telemetrySelectorsDistinct,
  telemetryDefaultSingle,
  gwSelectorMatches,
  gwPortOnService,
  gwServersDistinct,
  gwCertificateUnique,
  seAddressesRequired,
  meshNetworksRegistryKnown,
  nsProxyImagesCurrent,
  annoNotAlpha,
  vsRegexesValid,
  seProtocolsAgree,
  vsJwtClaimRouteAuthn,
  apSelectorMatches,
  apSourceNamespacesExist,
  efAddOperationApplies,
  efRemoveOperationApplies,
  efReplaceOperationApplies,
  efRelativeOperationPriority,
  efRelativeOperationProxyVersion,
  policySelectorNotGateway,
  statusConditionsPositive,
  ecpWebhookUrlValid,
  ecpWebhookUrlHostname,
  crdGatewayApiVersion,
  webhookInjectorValid,
  workloadImageAutoInjected,
  podImageAutoInjected,
  telemetryAccessLogProvider,
  telemetryProviderNotLightstep,
  istiodJwksCidrsBlocked,
  istioFieldsNotDeprecated,
  vsRulesReachable,
  vsMatchesEffective,
  gwCredentialExists,
  gwCredentialValid,
  istioSchemaValid,
];
