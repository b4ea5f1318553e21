import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/**
 * package.json against the files it names and the strings it localises:
 * - every `%key%` exists in package.nls.json and package.nls.zh-cn.json, and no nls key is unused;
 * - user-visible strings (display name, description, command titles, setting descriptions, walkthroughs) are `%key%`s;
 * - snippet, grammar, language-configuration and walkthrough media paths exist and parse;
 * - every contributed command has an `istio.` id and a title;
 * - every `vscode.l10n.t('…')` string in client/src has a zh-cn translation in l10n/, with the same placeholders.
 */
const REPO = path.resolve(__dirname, '../..');
const read = (rel: string): string => readFileSync(path.join(REPO, rel), 'utf8');
const readJson = <T>(rel: string): T => JSON.parse(read(rel)) as T;

interface Command {
  command: string;
  title?: string;
  category?: string;
}
interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string | Record<string, string>; svg?: string; altText?: string };
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: WalkthroughStep[];
}
interface Setting {
  description?: string;
  markdownDescription?: string;
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  deprecationMessage?: string;
  markdownDeprecationMessage?: string;
  scope?: string;
}
interface Pkg {
  displayName: string;
  description: string;
  l10n?: string;
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[] };
    virtualWorkspaces?: { supported: boolean | 'limited' };
  };
  contributes: {
    commands?: Command[];
    configuration?: { title?: string; properties: Record<string, Setting> } | { title?: string; properties: Record<string, Setting> }[];
    snippets?: { language: string; path: string }[];
    grammars?: { language?: string; scopeName: string; path: string; injectTo?: string[] }[];
    languages?: { id: string; configuration?: string; aliases?: string[] }[];
    walkthroughs?: Walkthrough[];
  };
}

const pkg = readJson<Pkg>('package.json');
const NLS_FILES = ['package.nls.json', 'package.nls.zh-cn.json'];
const NLS_REF = /^%([^%\s]+)%$/;

/** Every string value in a JSON tree, with its path. */
function* strings(value: unknown, at = ''): Generator<{ at: string; value: string }> {
  if (typeof value === 'string') {
    yield { at, value };
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      yield* strings(v, `${at}[${i}]`);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield* strings(v, at ? `${at}.${k}` : k);
    }
  }
}

const refs = [...strings(pkg)].flatMap((s) => {
  const m = NLS_REF.exec(s.value);
  return m ? [{ at: s.at, key: m[1]! }] : [];
});

test('every %key% in package.json is defined in package.nls.json and package.nls.zh-cn.json', () => {
  for (const file of NLS_FILES) {
    const nls = readJson<Record<string, unknown>>(file);
    for (const { at, key } of refs) {
      assert.equal(typeof nls[key], 'string', `${at}: "%${key}%" is missing from ${file}`);
      assert.ok((nls[key] as string).trim() !== '', `${file}: "${key}" is empty`);
    }
  }
});

test('the nls files have the same keys, all used by package.json, with the same placeholders and links', () => {
  const used = new Set(refs.map((r) => r.key));
  const en = readJson<Record<string, string>>(NLS_FILES[0]!);
  const zh = readJson<Record<string, string>>(NLS_FILES[1]!);
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'package.nls.zh-cn.json must translate exactly the keys of package.nls.json');
  for (const key of Object.keys(en)) {
    assert.ok(used.has(key), `package.nls.json: "${key}" is not referenced as "%${key}%" in package.json`);
    assert.deepEqual(placeholders(zh[key]!), placeholders(en[key]!), `"${key}": the translation changes the {n} placeholders`);
    assert.deepEqual(commandLinks(zh[key]!), commandLinks(en[key]!), `"${key}": the translation changes the command: links`);
  }
});

test('user-visible strings in package.json are localised (%key%)', () => {
  const plain: string[] = [];
  const check = (at: string, value: string | undefined): void => {
    if (value !== undefined && !NLS_REF.test(value)) {
      plain.push(`${at}: ${JSON.stringify(value)}`);
    }
  };
  check('displayName', pkg.displayName);
  check('description', pkg.description);
  for (const c of pkg.contributes.commands ?? []) {
    check(`command ${c.command} title`, c.title);
  }
  for (const [id, s] of settings()) {
    for (const key of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage'] as const) {
      check(`${id} ${key}`, s[key]);
    }
    for (const [i, d] of [...(s.enumDescriptions ?? []), ...(s.markdownEnumDescriptions ?? [])].entries()) {
      check(`${id} enum description ${i}`, d);
    }
  }
  for (const w of pkg.contributes.walkthroughs ?? []) {
    check(`walkthrough ${w.id} title`, w.title);
    check(`walkthrough ${w.id} description`, w.description);
    for (const s of w.steps) {
      check(`walkthrough step ${s.id} title`, s.title);
      check(`walkthrough step ${s.id} description`, s.description);
    }
  }
  assert.deepEqual(
    plain,
    [],
    'add a key to package.nls.json and package.nls.zh-cn.json and write "%key%" in package.json instead ' +
      '(keys: command.<id without istio.>.title, config.<setting without istio.>.description)',
  );
});

test('every contributed command has an istio. id and a title', () => {
  const seen = new Set<string>();
  for (const c of pkg.contributes.commands ?? []) {
    assert.match(c.command, /^istio\.[a-z][A-Za-z]+$/, `command id "${c.command}" is not istio.<verbNoun>`);
    assert.ok(!seen.has(c.command), `command ${c.command} is contributed twice`);
    seen.add(c.command);
    assert.ok(typeof c.title === 'string' && c.title.trim() !== '', `command ${c.command} has no title`);
  }
});

test('snippet files exist, parse, and each snippet has a prefix, a body and a description', () => {
  const snippets = pkg.contributes.snippets ?? [];
  assert.ok(snippets.length > 0, 'no snippets contributed');
  for (const s of snippets) {
    assert.ok(existsSync(path.join(REPO, s.path)), `snippet file ${s.path} does not exist`);
    const body = readJson<Record<string, { prefix?: string | string[]; body?: string | string[]; description?: string }>>(s.path);
    for (const [name, snip] of Object.entries(body)) {
      const prefixes = [snip.prefix ?? []].flat();
      assert.ok(prefixes.length > 0 && prefixes.every((p) => /^istio-[a-z0-9-]+$/.test(p)), `${s.path}: "${name}" needs istio-… prefixes`);
      assert.ok([snip.body ?? []].flat().length > 0, `${s.path}: "${name}" has no body`);
      assert.ok(snip.description, `${s.path}: "${name}" has no description`);
    }
  }
});

test('grammar and language configuration files exist, parse and match their contribution', () => {
  const languages = new Set((pkg.contributes.languages ?? []).map((l) => l.id));
  for (const g of pkg.contributes.grammars ?? []) {
    assert.ok(existsSync(path.join(REPO, g.path)), `grammar ${g.path} does not exist`);
    const grammar = readJson<{ scopeName?: string }>(g.path);
    assert.equal(grammar.scopeName, g.scopeName, `${g.path}: scopeName differs from package.json`);
    if (g.language !== undefined) {
      assert.ok(languages.has(g.language) || g.language === 'yaml', `grammar ${g.path}: language ${g.language} is not contributed`);
    } else {
      assert.ok((g.injectTo ?? []).length > 0, `grammar ${g.path} has neither a language nor injectTo`);
    }
  }
  for (const l of pkg.contributes.languages ?? []) {
    if (l.configuration) {
      assert.ok(existsSync(path.join(REPO, l.configuration)), `language ${l.id}: ${l.configuration} does not exist`);
      assert.doesNotThrow(() => readJson(l.configuration!), `language ${l.id}: ${l.configuration} is not JSON`);
    }
  }
});

test('walkthrough media exist, and images they reference too', () => {
  const walkthroughs = pkg.contributes.walkthroughs ?? [];
  assert.ok(walkthroughs.length > 0, 'no walkthrough contributed');
  for (const w of walkthroughs) {
    assert.ok(w.steps.length > 0, `walkthrough ${w.id} has no steps`);
    const ids = new Set<string>();
    for (const s of w.steps) {
      assert.ok(!ids.has(s.id), `walkthrough ${w.id}: step id ${s.id} is used twice`);
      ids.add(s.id);
      const files = [s.media.markdown, s.media.svg, ...(typeof s.media.image === 'string' ? [s.media.image] : Object.values(s.media.image ?? {}))];
      const present = files.filter((f): f is string => typeof f === 'string');
      assert.ok(present.length > 0, `step ${s.id}: no media`);
      if (s.media.image !== undefined || s.media.svg !== undefined) {
        assert.ok(s.media.altText, `step ${s.id}: an image needs altText`);
      }
      for (const f of present) {
        assert.ok(existsSync(path.join(REPO, f)), `step ${s.id}: ${f} does not exist`);
        if (f.endsWith('.md')) {
          for (const img of markdownImages(read(f))) {
            assert.ok(existsSync(path.join(REPO, path.dirname(f), img)), `${f}: image ${img} does not exist`);
          }
        }
      }
    }
  }
});

test('commands the walkthrough links to are contributed', () => {
  const contributed = new Set((pkg.contributes.commands ?? []).map((c) => c.command));
  const en = readJson<Record<string, string>>(NLS_FILES[0]!);
  const linked = new Set<string>();
  for (const w of pkg.contributes.walkthroughs ?? []) {
    for (const s of w.steps) {
      const text = [s.title, s.description].map((v) => en[NLS_REF.exec(v)?.[1] ?? ''] ?? v).join('\n');
      for (const id of commandLinks(text)) {
        linked.add(id);
      }
      for (const e of s.completionEvents ?? []) {
        if (e.startsWith('onCommand:')) {
          linked.add(e.slice('onCommand:'.length));
        }
      }
    }
  }
  const missing = [...linked].filter((id) => id.startsWith('istio.') && !contributed.has(id));
  assert.deepEqual(missing, [], `the walkthrough links to commands package.json does not contribute: contribute them or fix the links`);
  assert.ok(linked.size > 0, 'the walkthrough links to no command: the step texts or completion events were not read');
});

test('the l10n folder is declared and every vscode.l10n.t string in client/src has a zh-cn translation', () => {
  assert.equal(pkg.l10n, './l10n', 'package.json needs "l10n": "./l10n"');
  const bundlePath = 'l10n/bundle.l10n.zh-cn.json';
  const bundle = readJson<Record<string, string | { message: string }>>(bundlePath);
  const messages = new Map<string, string>();
  for (const file of tsFiles(path.join(REPO, 'client/src'))) {
    for (const m of l10nMessages(readFileSync(file, 'utf8'))) {
      messages.set(m, path.relative(REPO, file));
    }
  }
  const missing = [...messages].filter(([m]) => bundle[m] === undefined).map(([m, f]) => `${f}: ${JSON.stringify(m)}`);
  assert.deepEqual(missing, [], `add these to ${bundlePath} (key: the English text, value: the translation)`);
  for (const [key, value] of Object.entries(bundle)) {
    const text = typeof value === 'string' ? value : value.message;
    assert.ok(text.trim() !== '', `${bundlePath}: empty translation for ${JSON.stringify(key)}`);
    assert.deepEqual(placeholders(text), placeholders(key), `${bundlePath}: ${JSON.stringify(key)} changes the {n} placeholders`);
  }
  const unused = Object.keys(bundle).filter((k) => !messages.has(k));
  assert.deepEqual(unused, [], `${bundlePath}: no vscode.l10n.t call uses these any more; remove them`);
});

test('Restricted Mode: limited support, and the settings that run programs or reach a cluster are restricted', () => {
  const trust = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(trust?.supported, 'limited', 'capabilities.untrustedWorkspaces.supported must be "limited" (offline features work in Restricted Mode)');
  const restricted = new Set(trust?.restrictedConfigurations ?? []);
  for (const id of ['istio.istioctl.path', 'istio.istioctl.args', 'istio.kubeconfig', 'istio.cluster.productionPattern', 'istio.cluster.dryRunFirst']) {
    assert.ok(restricted.has(id), `capabilities.untrustedWorkspaces.restrictedConfigurations lacks ${id}`);
  }
  const known = new Set(settings().map(([id]) => id));
  for (const id of restricted) {
    assert.ok(known.has(id), `restrictedConfigurations names ${id}, which is not a contributed setting`);
  }
  assert.equal(pkg.capabilities?.virtualWorkspaces?.supported, 'limited');
});

test('a repository cannot set what runs programs, names credentials or weakens the safety checks (scope)', () => {
  const scope = new Map(settings().map(([id, s]) => [id, s.scope]));
  for (const id of ['istio.istioctl.path', 'istio.istioctl.args', 'istio.kubeconfig']) {
    assert.ok(['machine', 'application'].includes(scope.get(id) ?? ''), `${id} must be machine or application scope (is ${scope.get(id)})`);
  }
  for (const id of ['istio.cluster.productionPattern', 'istio.cluster.dryRunFirst']) {
    assert.equal(scope.get(id), 'application', `${id} must be application scope`);
  }
  for (const id of ['istio.cluster.context', 'istio.cluster.namespace']) {
    assert.ok(!scope.has(id), `${id} is kept in workspace state, not as a setting a repository can commit`);
  }
});

function settings(): [string, Setting][] {
  const conf = pkg.contributes.configuration;
  const blocks = conf === undefined ? [] : Array.isArray(conf) ? conf : [conf];
  return blocks.flatMap((b) => Object.entries(b.properties));
}

/** `{0}`, `{1}`… in a message, sorted. */
function placeholders(s: string): string[] {
  return (s.match(/\{\d+\}/g) ?? []).sort();
}

/** Command ids in `command:` links (markdown links in walkthrough descriptions). */
function commandLinks(s: string): string[] {
  return [...s.matchAll(/\(command:(?:toSide:)?([\w.-]+)/g)].map((m) => m[1]!).sort();
}

function markdownImages(md: string): string[] {
  return [...md.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!).filter((u) => !/^[a-z]+:/i.test(u));
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The literal messages of `l10n.t('…')` and `l10n.t({ message: '…' })` calls (template literals with ${} are skipped). */
function l10nMessages(source: string): string[] {
  const lit = String.raw`('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\$]|\\.|\$(?!\{))*\`)`;
  const calls = new RegExp(String.raw`\bl10n\.t\(\s*(?:${lit}|\{[^}]*?\bmessage\s*:\s*${lit})`, 'g');
  const out: string[] = [];
  for (const m of source.matchAll(calls)) {
    const raw = m[1] ?? m[2];
    if (raw) {
      out.push(unquote(raw));
    }
  }
  return out;
}

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (_, e: string) => {
    if (e.startsWith('u{')) {
      return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    }
    if ((e.startsWith('u') || e.startsWith('x')) && e.length > 1) {
      return String.fromCharCode(parseInt(e.slice(1), 16));
    }
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0', '\n': '' } as Record<string, string>)[e] ?? e;
  });
}
