/**
 * Generates the benchmark inputs into bench/.data/ (ignored by git). Deterministic: the same files every run.
 *
 * - big.yaml: 1,000 Service + Deployment pairs (2,000 documents, ~0.6 MB), with a few findings of each kind.
 * - inject200.yaml: 200 Deployments for the injection preview.
 * - istio2000.yaml: 2,000 documents of an Istio-routed application (VirtualServices, DestinationRules, Gateways,
 *   ServiceEntries, Services, Deployments), with a few findings of the Istio analyzers.
 * - kubectl-list3000.yaml: what `kubectl get deploy,svc -A -o yaml` prints for 500 Deployments and 2,500 Services:
 *   one `kind: List` document, items with status, managedFields, uids, resourceVersions and the
 *   last-applied-configuration annotation (~5 MB).
 * - kubectl-list-10mb.yaml: one List of 70,000 Services as `kubectl get svc -A -o yaml` prints them with the server's
 *   defaults left out (~10 MB).
 * - ws/: 10,000 manifest files (5,000 Services, 5,000 Deployments, 50 namespaces), one object per file, so that a
 *   Service edit changes the findings of a workload in another file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DATA_DIR = path.join(__dirname, '.data');
export const BIG_FILE = path.join(DATA_DIR, 'big.yaml');
export const INJECT_FILE = path.join(DATA_DIR, 'inject200.yaml');
export const WS_DIR = path.join(DATA_DIR, 'ws');
export const WS_FILES = 10_000;
export const ISTIO_FILE = path.join(DATA_DIR, 'istio2000.yaml');
export const LIST_FILE = path.join(DATA_DIR, 'kubectl-list3000.yaml');
export const LIST10_FILE = path.join(DATA_DIR, 'kubectl-list-10mb.yaml');

const pad = (n: number): string => String(n).padStart(4, '0');

/** A Service; every 10th has an unnamed port (svc-port-named), pairs alternate port 80 and 9080 for the same target. */
export function service(i: number, namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  const port = i % 10 === 3 ? `    - port: 80\n      targetPort: 8080` : `    - name: http\n      port: ${i % 2 === 0 ? 80 : 9080}\n      targetPort: 8080`;
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${pad(i)}${ns}
  labels:
    app: app-${pad(i)}
spec:
  selector:
    app: app-${pad(i)}
  ports:
${port}
`;
}

/** A Deployment; every 7th lacks the version label (workload-version-label). */
export function deployment(i: number, namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  const version = i % 7 === 5 ? '' : `\n        version: v1`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${pad(i)}${ns}
spec:
  selector:
    matchLabels:
      app: app-${pad(i)}
  template:
    metadata:
      labels:
        app: app-${pad(i)}${version}
    spec:
      containers:
        - name: app
          image: registry.example/app-${pad(i)}:1.0.0
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
`;
}

export function bigFileText(pairs = 1000): string {
  const docs: string[] = [];
  for (let i = 0; i < pairs; i++) {
    docs.push(service(i), deployment(i));
  }
  return docs.join('---\n');
}

const istioNs = (i: number): string => `team-${i % 10}`;

/** An app's Service (http + grpc), its Deployment, a VirtualService splitting v1/v2 and the DestinationRule's subsets. */
function istioApp(i: number): string[] {
  const name = `app-${pad(i)}`;
  const ns = istioNs(i);
  // Every 25th VirtualService routes to a host nobody declares (vs-destination-host-exists), every 20th subset v2
  // selects no pods (dr-subset-selects-pods).
  const host = i % 25 === 7 ? `missing-${pad(i)}` : name;
  const v2 = i % 20 === 3 ? 'v3' : 'v2';
  const gateway = i % 2 === 0 ? `\n  gateways:\n    - istio-system/gw-${pad(i % 200)}\n    - mesh` : '';
  const gatewayHost = i % 2 === 0 ? `\n    - ${name}.example.com` : '';
  return [
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: grpc
      port: 9090
      targetPort: 9090
`,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        version: ${i % 2 === 0 ? 'v1' : 'v2'}
    spec:
      containers:
        - name: app
          image: registry.example/${name}:1.0.0
          ports:
            - containerPort: 8080
            - containerPort: 9090
`,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
    - ${name}${gatewayHost}${gateway}
  http:
    - match:
        - uri:
            prefix: /api/v2
      route:
        - destination:
            host: ${host}
            subset: v2
            port:
              number: 80
    - route:
        - destination:
            host: ${host}
            subset: v1
            port:
              number: 80
          weight: 90
        - destination:
            host: ${host}
            subset: v2
            port:
              number: 80
          weight: 10
      timeout: 5s
`,
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${name}
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    connectionPool:
      tcp:
        maxConnections: 100
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: ${v2}
`,
  ];
}

/** A Gateway of the ingress gateway pods, for the hosts of the VirtualServices bound to it. */
function istioGateway(j: number): string {
  const hosts = [j, j + 200].filter((i) => i % 2 === 0).map((i) => `\n        - "app-${pad(i)}.example.com"`).join('');
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-${pad(j)}
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http-${j}
        protocol: HTTP
      hosts:${hosts || `\n        - "gw-${pad(j)}.example.com"`}
`;
}

/** An external HTTPS host; every 40th is TCP without addresses (se-addresses-required). */
function istioServiceEntry(j: number): string {
  const tcp = j % 40 === 11;
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ext-${pad(j)}
  namespace: ${istioNs(j)}
spec:
  hosts:
    - ext-${pad(j)}.partner.example
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
    - number: ${tcp ? 5432 : 443}
      name: ${tcp ? 'tcp-db' : 'https'}
      protocol: ${tcp ? 'TCP' : 'HTTPS'}
`;
}

/** The ingress gateway's own Deployment and Service, which the Gateways select. */
const INGRESS_GATEWAY = [
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  template:
    metadata:
      labels:
        istio: ingressgateway
        app: istio-ingressgateway
      annotations:
        inject.istio.io/templates: gateway
    spec:
      containers:
        - name: istio-proxy
          image: auto
`,
  `apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  type: LoadBalancer
  selector:
    istio: ingressgateway
  ports:
    - name: http2
      port: 80
      targetPort: 8080
    - name: https
      port: 443
      targetPort: 8443
`,
];

/**
 * 2,000 documents: 2 for the ingress gateway, 199 Gateways, 199 ServiceEntries and 400 apps of a Service, a
 * Deployment, a VirtualService and a DestinationRule; the kinds interleaved as a real file of a team's mesh config.
 */
export function istioFileText(): string {
  const docs: string[] = [...INGRESS_GATEWAY];
  for (let i = 0; i < 400; i++) {
    docs.push(...istioApp(i));
    if (i % 2 === 1) {
      const j = (i - 1) / 2;
      if (j < 199) {
        docs.push(istioGateway(j), istioServiceEntry(j));
      }
    }
  }
  return docs.join('---\n');
}

/** A deterministic UUID-shaped uid and a timestamp for item i. */
function uid(i: number, salt: number): string {
  let h = (i * 2654435761 + salt * 40503) >>> 0;
  const hex = (): string => {
    h = (h * 1103515245 + 12345) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  const a = hex() + hex() + hex() + hex();
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-${a.slice(12, 16)}-${a.slice(16, 20)}-${a.slice(20, 32)}`;
}
const stamp = (i: number): string => `2025-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:17Z`;

/** A Deployment as `kubectl get -o yaml` prints it (indented as an item of a List: `- ` then two spaces). */
function kubectlDeployment(i: number): string {
  const name = `app-${pad(i)}`;
  const ns = `team-${String(i % 40).padStart(2, '0')}`;
  const applied = JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations: {}, labels: { app: name }, name, namespace: ns },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, version: 'v1' } }, spec: { containers: [{ image: `registry.example/${name}:1.4.${i % 10}`, name: 'app', ports: [{ containerPort: 8080 }] }] } } },
  });
  return `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "${1 + (i % 3)}"
      kubectl.kubernetes.io/last-applied-configuration: |
        ${applied}
    creationTimestamp: "${stamp(i)}"
    generation: ${1 + (i % 3)}
    labels:
      app: ${name}
    managedFields:
    - apiVersion: apps/v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations:
            .: {}
            f:kubectl.kubernetes.io/last-applied-configuration: {}
          f:labels:
            .: {}
            f:app: {}
        f:spec:
          f:progressDeadlineSeconds: {}
          f:replicas: {}
          f:revisionHistoryLimit: {}
          f:selector: {}
          f:strategy:
            f:rollingUpdate:
              .: {}
              f:maxSurge: {}
              f:maxUnavailable: {}
            f:type: {}
          f:template:
            f:metadata:
              f:labels:
                .: {}
                f:app: {}
                f:version: {}
            f:spec:
              f:containers:
                k:{"name":"app"}:
                  .: {}
                  f:image: {}
                  f:imagePullPolicy: {}
                  f:name: {}
                  f:ports:
                    .: {}
                    k:{"containerPort":8080,"protocol":"TCP"}:
                      .: {}
                      f:containerPort: {}
                      f:protocol: {}
      manager: kubectl-client-side-apply
      operation: Update
      time: "${stamp(i)}"
    - apiVersion: apps/v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:annotations:
            f:deployment.kubernetes.io/revision: {}
        f:status:
          f:availableReplicas: {}
          f:conditions:
            .: {}
            k:{"type":"Available"}:
              .: {}
              f:lastTransitionTime: {}
              f:lastUpdateTime: {}
              f:message: {}
              f:reason: {}
              f:status: {}
              f:type: {}
          f:observedGeneration: {}
          f:readyReplicas: {}
          f:replicas: {}
          f:updatedReplicas: {}
      manager: kube-controller-manager
      operation: Update
      subresource: status
      time: "${stamp(i + 1)}"
    name: ${name}
    namespace: ${ns}
    resourceVersion: "${1000000 + i * 7}"
    uid: ${uid(i, 1)}
  spec:
    progressDeadlineSeconds: 600
    replicas: 2
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        app: ${name}
    strategy:
      rollingUpdate:
        maxSurge: 25%
        maxUnavailable: 25%
      type: RollingUpdate
    template:
      metadata:
        creationTimestamp: null
        labels:
          app: ${name}
          version: v1
      spec:
        containers:
        - image: registry.example/${name}:1.4.${i % 10}
          imagePullPolicy: IfNotPresent
          name: app
          ports:
          - containerPort: 8080
            protocol: TCP
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: 2
    conditions:
    - lastTransitionTime: "${stamp(i + 2)}"
      lastUpdateTime: "${stamp(i + 2)}"
      message: Deployment has minimum availability.
      reason: MinimumReplicasAvailable
      status: "True"
      type: Available
    - lastTransitionTime: "${stamp(i)}"
      lastUpdateTime: "${stamp(i + 1)}"
      message: ReplicaSet "${name}-${uid(i, 2).slice(0, 10)}" has successfully progressed.
      reason: NewReplicaSetAvailable
      status: "True"
      type: Progressing
    observedGeneration: ${1 + (i % 3)}
    readyReplicas: 2
    replicas: 2
    updatedReplicas: 2
`;
}

/** A Service as `kubectl get -o yaml` prints it; every 10th port has no name (svc-port-named). */
function kubectlService(i: number): string {
  const app = `app-${pad(Math.floor(i / 5))}`;
  const name = `${app}-${['http', 'grpc', 'admin', 'metrics', 'debug'][i % 5] ?? ''}`;
  const ns = `team-${String(Math.floor(i / 5) % 40).padStart(2, '0')}`;
  const portName = i % 10 === 3 ? '' : `name: ${i % 2 === 0 ? 'http' : 'grpc'}\n      `;
  const port = i % 2 === 0 ? 80 : 9090;
  const target = i % 2 === 0 ? 8080 : 9090;
  const ip = `10.96.${Math.floor(i / 250) % 256}.${i % 250}`;
  const applied = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { annotations: {}, labels: { app }, name, namespace: ns },
    spec: { ports: [{ ...(portName ? { name: i % 2 === 0 ? 'http' : 'grpc' } : {}), port, targetPort: target }], selector: { app } },
  });
  // Half the Services were applied with kubectl (which records what it applied), half installed by a Helm release.
  const annotations = i % 2 === 0 ? `\n    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        ${applied}` : '';
  return `- apiVersion: v1
  kind: Service
  metadata:${annotations}
    creationTimestamp: "${stamp(i)}"
    labels:
      app: ${app}
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:${i % 2 === 0 ? '\n          f:annotations:\n            .: {}\n            f:kubectl.kubernetes.io/last-applied-configuration: {}' : ''}
          f:labels:
            .: {}
            f:app: {}
        f:spec:
          f:internalTrafficPolicy: {}
          f:ports:
            .: {}
            k:{"port":${port},"protocol":"TCP"}:
              .: {}
              f:port: {}
              f:protocol: {}
              f:targetPort: {}
          f:selector: {}
          f:sessionAffinity: {}
          f:type: {}
      manager: ${i % 2 === 0 ? 'kubectl-client-side-apply' : 'helm'}
      operation: Update
      time: "${stamp(i)}"
    name: ${name}
    namespace: ${ns}
    resourceVersion: "${2000000 + i * 3}"
    uid: ${uid(i, 3)}
  spec:
    clusterIP: ${ip}
    clusterIPs:
    - ${ip}
    internalTrafficPolicy: Cluster
    ipFamilies:
    - IPv4
    ipFamilyPolicy: SingleStack
    ports:
    - ${portName}port: ${port}
      protocol: TCP
      targetPort: ${target}
    selector:
      app: ${app}
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
`;
}

/** A Service as `kubectl get svc -o yaml` prints it once the server's defaults and bookkeeping are stripped (one namespace). */
function kubectlSmallService(i: number): string {
  return `- apiVersion: v1
  kind: Service
  metadata:
    name: svc-${String(i).padStart(5, '0')}
  spec:
    ports:
    - name: http
      port: 80
    selector:
      app: a${i % 5000}
`;
}

/** `kubectl get … -o yaml`: one List document; kubectl prints `apiVersion`, `items`, `kind`, `metadata` in that order. */
function kubectlList(items: readonly string[]): string {
  return `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
}

/** 500 Deployments then 2,500 Services (kubectl lists by kind), five Services per Deployment. */
export function kubectlListText(deployments = 500): string {
  const items: string[] = [];
  for (let i = 0; i < deployments; i++) {
    items.push(kubectlDeployment(i));
  }
  for (let i = 0; i < deployments * 5; i++) {
    items.push(kubectlService(i));
  }
  return kubectlList(items);
}

export function kubectlBigListText(services = 70_000): string {
  const items: string[] = [];
  for (let i = 0; i < services; i++) {
    items.push(kubectlSmallService(i));
  }
  return kubectlList(items);
}

export function injectFileText(workloads = 200): string {
  const docs: string[] = [];
  for (let i = 0; i < workloads; i++) {
    docs.push(deployment(i));
  }
  return docs.join('---\n');
}

/** Namespace of workspace object i: pairs (2k, 2k+1) share one, so a Service can be pointed at its neighbour's pods. */
export function wsNamespace(i: number): string {
  return `ns-${String(Math.floor(i / 100) % 50).padStart(2, '0')}`;
}

export function wsServicePath(i: number): string {
  return path.join(WS_DIR, wsNamespace(i), `svc-${pad(i)}.yaml`);
}

export function wsDeploymentPath(i: number): string {
  return path.join(WS_DIR, wsNamespace(i), `deploy-${pad(i)}.yaml`);
}

function writeIfChanged(file: string, text: string): void {
  try {
    if (fs.readFileSync(file, 'utf8') === text) {
      return;
    }
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function generate(): void {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  writeIfChanged(BIG_FILE, bigFileText());
  writeIfChanged(INJECT_FILE, injectFileText());
  writeIfChanged(ISTIO_FILE, istioFileText());
  writeIfChanged(LIST_FILE, kubectlListText());
  writeIfChanged(LIST10_FILE, kubectlBigListText());
  for (let i = 0; i < WS_FILES / 2; i++) {
    writeIfChanged(wsServicePath(i), service(i, wsNamespace(i)));
    writeIfChanged(wsDeploymentPath(i), deployment(i, wsNamespace(i)));
  }
}

if (require.main === module) {
  generate();
  const size = fs.statSync(BIG_FILE).size;
  process.stdout.write(`bench/.data: big.yaml ${(size / 1024).toFixed(0)} KiB, inject200.yaml, ws/ ${WS_FILES} files\n`);
}
