/**
 * Generates the benchmark inputs into bench/.data/ (ignored by git). Deterministic: the same files every run.
 *
 * - big.yaml: 1,000 Service + Deployment pairs (2,000 documents, ~0.6 MB), with a few findings of each kind.
 * - inject200.yaml: 200 Deployments for the injection preview.
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
