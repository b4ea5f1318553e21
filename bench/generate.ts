/**
 * Generates the benchmark inputs into bench/.data/ (ignored by git). Deterministic: the same files every run.
 *
 * - big.yaml: 1,000 Service + Deployment pairs (2,000 documents, ~0.6 MB), with a few findings of each kind.
 * - inject200.yaml: 200 Deployments for the injection preview.
 * - istio2000.yaml: 2,000 documents of an Istio-routed application (VirtualServices, DestinationRules, Gateways,
 *   ServiceEntries, Services, Deployments), with a few findings of the Istio analyzers.
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
