/**
 * Bad inputs too large to commit, built at test time: each is deterministic, so a failure names a reproducible input.
 */

/** One generated corpus file: a file name (its extension decides whether `check` reads it) and its text. */
export interface GeneratedInput {
  readonly name: string;
  readonly text: () => string;
  /** Slow by design (many megabytes of nodes): run through fewer combinations. */
  readonly heavy?: boolean;
}

const SERVICE = (i: number): string => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: big
spec:
  selector:
    app: app-${i}
  ports:
    - port: 9080
`;

/** At least `bytes` long: Services and Deployments in one `---`-separated file, one unnamed port each. */
function manyObjects(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `${SERVICE(i)}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: big
spec:
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - containerPort: 9080
---
`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

/** One document of at least `bytes`: a `List` whose items are Services. */
function bigList(bytes: number): string {
  const head = 'apiVersion: v1\nkind: List\nitems:\n';
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const item = `  - ${SERVICE(i).replace(/\n(?=.)/g, '\n    ')}`;
    parts.push(item);
    size += item.length;
  }
  return parts.join('');
}

/** One document of at least `bytes`: a ConfigMap with a single huge block-scalar value. */
function bigConfigMap(bytes: number): string {
  const line = `    ${'x'.repeat(76)}\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n${line.repeat(Math.ceil(bytes / line.length))}`;
}

const MB = 1024 * 1024;

/**
 * `RELIABILITY_HUGE=1` adds a 10 MB document of 60,000 Services (a minute or more per entry point: the YAML parser
 * reads about 1 MB/s of such nodes); by default that document is 2 MB, and the 10 MB one is a single ConfigMap.
 */
const HUGE = process.env['RELIABILITY_HUGE'] === '1';

/** The generated inputs, by name. */
export const GENERATED: readonly GeneratedInput[] = [
  { name: 'gen-10mb-configmap.yaml', text: () => bigConfigMap(10 * MB) },
  HUGE
    ? { name: 'gen-10mb-list.yaml', text: () => bigList(10 * MB), heavy: true }
    : { name: 'gen-2mb-list.yaml', text: () => bigList(2 * MB), heavy: true },
  { name: 'gen-512kb-many-documents.yaml', text: () => manyObjects(MB / 2), heavy: true },
  {
    name: 'gen-long-lines.yaml',
    text: () =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: long\n  annotations:\n    note: "${'a'.repeat(1_000_000)}"\n` +
      `spec:\n  ports: [${Array.from({ length: 5000 }, (_, i) => `{port: ${i + 1}}`).join(', ')}]\n`,
  },
  // YAML allows an implicit key of at most 1024 characters: a longer one is a syntax error.
  { name: 'gen-long-key.yaml', text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k\ndata:\n  ${'k'.repeat(5000)}: v\n` },
  { name: 'gen-one-line-no-newline.yaml', text: () => `kind: ${'x'.repeat(2_000_000)}` },
  { name: 'gen-deep-flow.yaml', text: () => `apiVersion: v1\nkind: Service\nspec: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` },
  { name: 'gen-deep-flow-unclosed.yaml', text: () => `apiVersion: v1\nkind: Service\nspec: ${'{a: ['.repeat(20_000)}\n` },
  {
    name: 'gen-deep-block.yaml',
    text: () => {
      let s = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n    - name: app\n      env:\n';
      for (let i = 0; i < 1000; i++) {
        s += `${' '.repeat(8 + i)}k${i}:\n`;
      }
      return s;
    },
  },
  // 5000 sequences nested on one line (`- - - … x`): block nesting without megabytes of indentation.
  { name: 'gen-deep-compact-seq.yaml', text: () => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    ${'- '.repeat(5000)}x\n` },
  {
    name: 'gen-deep-in-workload.yaml',
    text: () =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deep\nspec:\n  template:\n    metadata:\n      labels: { app: deep }\n' +
      `    spec:\n      containers:\n        - name: app\n          image: nginx\n          args: ${'['.repeat(5000)}x${']'.repeat(5000)}\n` +
      `      affinity: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
  },
  { name: 'gen-many-separators.yaml', text: () => '---\n'.repeat(50_000) },
  {
    name: 'gen-many-small-errors.yaml',
    text: () => Array.from({ length: 5000 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: e${i}\nspec: [\n`).join('---\n'),
  },
  {
    name: 'gen-many-aliases.yaml',
    text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aliases\nbase: &b x\nlist: [${Array.from({ length: 10_000 }, () => '*b').join(', ')}]\n`,
  },
  {
    name: 'gen-random-bytes.yaml',
    text: () => {
      // A fixed linear congruential sequence: the same "random" bytes on every run.
      let x = 12345;
      const bytes = Buffer.alloc(256 * 1024);
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        bytes[i] = x >>> 24;
      }
      return bytes.toString('latin1');
    },
  },
];
