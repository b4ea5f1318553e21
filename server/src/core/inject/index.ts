/**
 * The offline sidecar injector: `istioctl kube-inject` for one multi-document YAML text, in three flavours of Istio
 * (`legacy-0.2`, `classic` = 1.24 with the sidecar as last container, `native` = master with a native sidecar).
 * Documents that are not workloads pass through unchanged and keep their order.
 */
import { isRec } from '../plainData';
import type { Rec } from '../plainData';
import type { Document } from 'yaml';
import { clone, resolveMeshConfig, resolveValues, type TemplateFlavor } from './config';
import { parseChunk, splitDocuments, type Chunk } from './documents';
import { goDecodeProblem } from './goDecode';
import { goNormalizeObject } from './goTypes';
import { registeredType } from './k8sSchema';
import { injectLegacyObject } from './legacy/index';
import { WORKLOAD_KINDS } from '../model/workload';
import { InjectorConfig, readInjectorConfig } from './templates/injectorConfig';
import { injectObject } from './workload';
import { goYamlText, minimalText } from './writer';

export type InjectProfile = 'legacy-0.2' | 'classic' | 'native';
export type OutputStyle = 'istioctl' | 'minimal';

/** What the injector needs besides the manifest. */
export interface InjectInputs {
  profile: InjectProfile;
  /** Istio injector values (parsed JSON/YAML object): the `values` key of ConfigMap istio-sidecar-injector. */
  values?: unknown;
  /** MeshConfig (parsed). */
  meshConfig?: unknown;
  /** legacy-0.2 only: the istio-inject ConfigMap or its `config` content (parsed). */
  injectConfig?: unknown;
}

/** The injected text, or why nothing could be produced. Warnings name the workloads that were skipped. */
export type InjectResult =
  | {
      ok: true;
      text: string;
      warnings: string[];
      /** Which injector rendered it, for the user ("ConfigMap istio-system/istio-sidecar-injector in ..."). */
      renderedBy: string;
    }
  | { ok: false; error: string };

export const INJECT_PROFILES: readonly InjectProfile[] = ['legacy-0.2', 'classic', 'native'];
export const OUTPUT_STYLES: readonly OutputStyle[] = ['istioctl', 'minimal'];

export { InjectorConfig, readInjectorConfig } from './templates/injectorConfig';
export { parseInjectorInput, unwrapInjectorInput, type InputKind, type ParsedInput } from './inputs';
export { injectionDisabled } from './workload';

interface DocOutput {
  /** Replacement text for the document, or undefined to keep the input text. */
  readonly text?: string;
}

/** A document's result, reusable for the same document text with the same inputs and style. */
export interface ReusedDoc {
  readonly out: DocOutput;
  readonly warnings: readonly string[];
}

/** Results of documents injected before with the same inputs and style: the preview re-injects on every edit. */
export interface InjectReuse {
  get(text: string): ReusedDoc | undefined;
  /** Called for every document of a successful run, reused ones included. */
  set(text: string, doc: ReusedDoc): void;
}

/** Injects every workload in `text`. Never throws: bad input gives `{ ok: false, error }`. */
export function injectText(text: string, inputs: InjectInputs, style: OutputStyle = 'istioctl', reuse?: InjectReuse): InjectResult {
  try {
    return run(text, inputs, style, reuse);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Input nested hundreds of levels deep exhausts the recursion of the YAML reader and the injector: the input's
      // fault, said as such (the CLI must not report it as an internal error).
      return { ok: false, error: 'the YAML is nested too deeply to inject (maximum call stack size exceeded)' };
    }
    return { ok: false, error: `internal error while injecting: ${(e as Error)?.message ?? String(e)}` };
  }
}

function checkInputs(inputs: InjectInputs): string | undefined {
  if (!INJECT_PROFILES.includes(inputs.profile)) {
    return `unknown profile '${String(inputs.profile)}' (expected ${INJECT_PROFILES.join(', ')})`;
  }
  if (inputs.profile === 'legacy-0.2') {
    return undefined; // the 0.2 injector reads and reports its own inputs
  }
  for (const [name, v] of [
    ['values', inputs.values],
    ['mesh config', inputs.meshConfig],
  ] as const) {
    if (v !== undefined && v !== null && !isRec(v)) {
      return `the ${name} must be a mapping`;
    }
  }
  return undefined;
}

function run(text: string, inputs: InjectInputs, style: OutputStyle, reuse?: InjectReuse): InjectResult {
  if (typeof text !== 'string') {
    return { ok: false, error: 'no YAML text to inject' };
  }
  const bad = checkInputs(inputs);
  if (bad) {
    return { ok: false, error: bad };
  }
  if (!OUTPUT_STYLES.includes(style)) {
    return { ok: false, error: `unknown output style '${String(style)}' (expected ${OUTPUT_STYLES.join(', ')})` };
  }
  const split = splitDocuments(text);
  if (!split.ok) {
    return { ok: false, error: split.error };
  }
  const warnings: string[] = [];
  const outputs: { chunk: Chunk; out: DocOutput }[] = [];
  const templates = inputs.profile === 'legacy-0.2' ? undefined : injectorTemplates(inputs.injectConfig);
  if (typeof templates === 'string') {
    return { ok: false, error: templates };
  }
  // The built-in renderers follow one release each (classic: 1.24, native: master). An installation's own templates
  // carry their release's differences; the processing around them follows today's istiod, and the profile only
  // says whether native sidecars are on.
  const flavor: TemplateFlavor = inputs.profile === 'classic' && !templates ? 'classic' : 'native';
  // An installation's templates read its own values as they are; the chart defaults stand in only without them.
  const values = templates && isRec(inputs.values) ? clone(inputs.values) : resolveValues(inputs.values, flavor);
  // The values of a revisioned injector (istio-sidecar-injector-<rev>) name their revision, as `--revision` would.
  const revision = typeof values['revision'] === 'string' ? values['revision'] : '';
  const ctx =
    inputs.profile === 'legacy-0.2'
      ? undefined
      : { flavor, values, mesh: resolveMeshConfig(inputs.meshConfig), revision, ...(templates ? { templates, nativeSidecars: inputs.profile === 'native' } : {}) };

  // A document's result is offered for reuse once the next one starts (its branches below end in `continue`).
  let pending: { text: string; warnings: number } | undefined;
  const commit = (): void => {
    const last = outputs[outputs.length - 1];
    if (reuse && pending && last) {
      reuse.set(pending.text, { out: last.out, warnings: warnings.slice(pending.warnings) });
    }
  };
  for (const [i, chunk] of split.chunks.entries()) {
    commit();
    const known = reuse?.get(chunk.text);
    if (known) {
      reuse?.set(chunk.text, known);
      warnings.push(...known.warnings);
      outputs.push({ chunk, out: known.out });
      pending = undefined;
      continue;
    }
    pending = { text: chunk.text, warnings: warnings.length };
    const parsed = parseChunk(chunk, i);
    if (!parsed.ok) {
      return { ok: false, error: parsed.error };
    }
    const value = parsed.value;
    const label = describe(value, i);
    if (!ctx) {
      if (!isRec(value)) {
        outputs.push({ chunk, out: {} });
        continue;
      }
      const r = injectLegacyObject(value, inputs.injectConfig, inputs.meshConfig);
      if (r.kind === 'error') {
        return { ok: false, error: `${label}: ${r.message}` };
      }
      if (r.kind === 'skipped') {
        if (r.object !== undefined || ['Pod', 'CronJob'].includes(String(value['kind']))) {
          warnings.push(r.reason);
        }
        const object = r.object;
        outputs.push({ chunk, out: object ? render(style, object, parsed.doc, chunk.text) : {} });
        continue;
      }
      outputs.push({ chunk, out: render(style, r.object, parsed.doc, chunk.text) });
      continue;
    }
    if (!isRec(value) || !registeredType(value)) {
      if (isRec(value) && WORKLOAD_KINDS.includes(String(value['kind']))) {
        warnings.push(
          `===> Skipping injection because ${label} has apiVersion ${String(value['apiVersion'])}, which kube-inject does not decode`,
        );
      }
      outputs.push({ chunk, out: {} });
      continue;
    }
    const problem = goDecodeProblem(value, registeredType(value) as string);
    if (problem) {
      return { ok: false, error: `${label}: ${problem}` };
    }
    const r = injectObject(value, ctx);
    if (r.kind === 'error') {
      return { ok: false, error: `${label}: ${r.error}` };
    }
    warnings.push(...r.warnings);
    const typed = style === 'istioctl' ? goNormalizeObject(r.object, flavor) : r.object;
    outputs.push({ chunk, out: render(style, typed, parsed.doc, chunk.text) });
  }
  commit();
  return { ok: true, text: assemble(text, outputs, style), warnings, renderedBy: describeRenderer(inputs.profile, values, templates) };
}

/** Which injector renders, said for the user. */
function describeRenderer(profile: InjectProfile, values: Rec, templates: InjectorConfig | undefined): string {
  if (!templates) {
    return profile === 'legacy-0.2'
      ? 'the built-in Istio 0.2 injector (legacy-0.2)'
      : profile === 'classic'
        ? 'the built-in injector following Istio 1.24 (classic: the sidecar is the last container)'
        : "the built-in injector following Istio's master branch (native sidecars)";
  }
  const global = isRec(values['global']) ? values['global'] : {};
  const tag = typeof global['tag'] === 'string' && /^\d+\.\d+/.test(global['tag']) ? ` (Istio ${global['tag']})` : '';
  const from = templates.origin ?? 'the given injector config';
  return `${from}${tag}: templates ${templates.names().join(', ')}; native sidecars ${profile === 'native' ? 'on' : 'off'}`;
}

/** The templates of a today's-Istio injector config, undefined without one, or why the config is not usable. */
function injectorTemplates(injectConfig: unknown): InjectorConfig | undefined | string {
  if (injectConfig === undefined || injectConfig === null) {
    return undefined;
  }
  if (injectConfig instanceof InjectorConfig) {
    return injectConfig;
  }
  const shape = readInjectorConfig(injectConfig);
  if (shape.kind === 'error') {
    return `inject config: ${shape.error}`;
  }
  if (shape.kind === 'legacy-0.2') {
    return "inject config: this is Istio 0.2's istio-inject config (policy, params); it goes with profile legacy-0.2";
  }
  return shape.config;
}

/**
 * The profile `auto` means for an injector config: 0.2's `istio-inject` gives `legacy-0.2`; today's templates give
 * `native` when they read istiod's `.NativeSidecars` (Istio 1.27 on, where native sidecars are the default), else
 * `classic`; no config gives `native`. Also says which was chosen, for the user.
 */
export function autoProfile(injectConfig: unknown): { profile: InjectProfile; reason: string } {
  if (injectConfig === undefined || injectConfig === null) {
    return { profile: 'native', reason: 'no injector config given: built-in injector of today\'s Istio, native sidecars' };
  }
  const shape = injectConfig instanceof InjectorConfig ? { kind: 'templates' as const, config: injectConfig } : readInjectorConfig(injectConfig);
  if (shape.kind === 'legacy-0.2') {
    return { profile: 'legacy-0.2', reason: "Istio 0.2's istio-inject config: the 0.2 injector" };
  }
  if (shape.kind === 'error') {
    // injectText reports the config's problem itself.
    return { profile: 'native', reason: '' };
  }
  const native = [...shape.config.templates.values()].some((t) => t.includes('.NativeSidecars'));
  const names = shape.config.names().join(', ');
  return {
    profile: native ? 'native' : 'classic',
    reason: `rendering the config's templates (${names}) with native sidecars ${native ? 'on (the templates read .NativeSidecars, Istio 1.27+)' : 'off'}`,
  };
}

function render(style: OutputStyle, object: Rec, doc: Document, original: string): DocOutput {
  if (style === 'istioctl') {
    return { text: goYamlText(object) };
  }
  return { text: minimalText(doc, original, object) };
}

function describe(value: unknown, index: number): string {
  if (isRec(value) && typeof value['kind'] === 'string') {
    const meta = isRec(value['metadata']) ? value['metadata'] : {};
    const ns = typeof meta['namespace'] === 'string' ? `${meta['namespace']}/` : '';
    const name = typeof meta['name'] === 'string' ? meta['name'] : '(unnamed)';
    return `${value['kind']} ${ns}${name}`;
  }
  return `document ${index + 1}`;
}

function assemble(text: string, outputs: { chunk: Chunk; out: DocOutput }[], style: OutputStyle): string {
  if (style === 'istioctl') {
    // kube-inject writes each document followed by `---`, untouched documents byte for byte.
    return outputs
      .map(({ chunk, out }) => {
        const body = out.text ?? chunk.text;
        return `${body}${body.endsWith('\n') ? '' : '\n'}---\n`;
      })
      .join('');
  }
  let result = '';
  let pos = 0;
  for (const { chunk, out } of outputs) {
    result += text.slice(pos, chunk.start) + (out.text ?? chunk.text);
    pos = chunk.start + chunk.text.length;
  }
  return result + text.slice(pos);
}
