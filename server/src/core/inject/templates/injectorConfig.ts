/**
 * The injector config of an Istio installation (the `config` of ConfigMap `istio-sidecar-injector`, what
 * `istioctl kube-inject --injectConfigFile` reads): its Go templates by name, aliases, default templates and the
 * webhook's policy and selectors. Templates are parsed on first use and kept with the config, so a config read once
 * renders many pods without parsing again. Telling it apart from Istio 0.2's `istio-inject` config is here too.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { execute, parseTemplate, TemplateExecError, TemplateParseError, type ParsedSet } from '../../gotemplate';
import type { ExecLimits } from '../../gotemplate';
import { TemplateError, type TemplateData } from '../builtin/templateData';
import { parseYaml11 } from './yaml11';
import { injectionFuncs, INJECTION_FUNC_NAMES } from './funcs';
import { sidecarTemplateData } from './data';
import { podOverlay } from './injectionSpec';

/** Bounds for one template execution: an injection template renders a few kilobytes. */
const LIMITS: ExecLimits = { maxOutput: 4 * 1024 * 1024, maxSteps: 1_000_000, maxDepth: 100 };

export interface InjectorConfigOptions {
  /** What templates read through `env` (istiod's environment): empty unless the user configures it. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the config came from, for messages ("ConfigMap istio-system/istio-sidecar-injector"). */
  readonly origin?: string;
}

/** An injector config of today's Istio: templates to render, and how the webhook chooses them. */
export class InjectorConfig {
  private readonly parsed = new Map<string, ParsedSet | TemplateParseError>();
  readonly env: Readonly<Record<string, string>>;

  constructor(
    /** Template sources by name. */
    readonly templates: ReadonlyMap<string, string>,
    readonly aliases: Readonly<Record<string, readonly string[]>>,
    readonly defaultTemplates: readonly string[],
    readonly raw: Rec,
    options: InjectorConfigOptions = {},
  ) {
    this.env = options.env ?? {};
    this.origin = options.origin;
  }

  readonly origin: string | undefined;

  /** What identifies the config's behaviour (a cache key for results rendered from it). */
  toJSON(): unknown {
    return { origin: this.origin, templates: Object.fromEntries(this.templates), aliases: this.aliases, env: this.env };
  }

  names(): string[] {
    return [...this.templates.keys()].sort();
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** The template `name`, parsed once. Throws {@link TemplateError} for a template that does not parse. */
  private template(name: string): ParsedSet {
    let p = this.parsed.get(name);
    if (!p) {
      const text = this.templates.get(name) ?? '';
      try {
        p = parseTemplate(name, text, { functions: INJECTION_FUNC_NAMES });
      } catch (e) {
        if (!(e instanceof TemplateParseError)) {
          throw e;
        }
        p = e;
      }
      this.parsed.set(name, p);
    }
    if (p instanceof TemplateParseError) {
      throw new TemplateError(`injection template "${name}" does not parse: ${p.message}`);
    }
    return p;
  }

  /** Renders `name` for a pod and reads its output as the overlay to merge. Throws {@link TemplateError}. */
  render(name: string, data: TemplateData): Rec {
    const set = this.template(name);
    const env: Record<string, string> = { ...this.env, ENABLE_NATIVE_SIDECARS: data.nativeSidecars ? 'true' : 'false' };
    let text: string;
    try {
      text = execute(
        set,
        name,
        sidecarTemplateData(data, { compliancePolicy: env['COMPLIANCE_POLICY'] ?? '' }),
        injectionFuncs({ env }),
        LIMITS,
      );
    } catch (e) {
      if (e instanceof TemplateExecError) {
        throw new TemplateError(e.message);
      }
      throw e;
    }
    const overlay = parseYaml11(text);
    if (!overlay.ok) {
      throw new TemplateError(`failed applying injection overlay: template "${name}" rendered YAML that does not parse: ${overlay.error}`);
    }
    if (overlay.value === null || overlay.value === undefined) {
      return {};
    }
    if (!isRec(overlay.value)) {
      throw new TemplateError(`failed applying injection overlay: template "${name}" did not render a pod (a mapping)`);
    }
    return podOverlay(overlay.value);
  }
}

export type ConfigShape =
  | { kind: 'templates'; config: InjectorConfig }
  | { kind: 'legacy-0.2' }
  | { kind: 'error'; error: string };

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/**
 * Reads an injector config: a ConfigMap (`data.config`), or its parsed `config` content. Today's Istio has
 * `templates` (or, before 1.8, a single `template`); Istio 0.2's `istio-inject` has `policy` with `params` or none.
 */
export function readInjectorConfig(value: unknown, options: InjectorConfigOptions = {}): ConfigShape {
  if (!isRec(value)) {
    return { kind: 'error', error: 'the injector config must be a mapping' };
  }
  let config: unknown = value;
  if (value['kind'] === 'ConfigMap' || (isRec(value['data']) && value['apiVersion'] === 'v1')) {
    const data = isRec(value['data']) ? value['data'] : {};
    const meta = isRec(value['metadata']) ? value['metadata'] : {};
    const raw = data['config'];
    if (raw === undefined) {
      return { kind: 'error', error: `ConfigMap ${String(meta['name'] ?? '')} has no data.config` };
    }
    if (typeof raw === 'string') {
      const parsed = parseYaml11(raw);
      if (!parsed.ok) {
        return { kind: 'error', error: `data.config: ${parsed.error}` };
      }
      config = parsed.value;
    } else {
      config = raw;
    }
    if (!isRec(config)) {
      return { kind: 'error', error: 'data.config is not a mapping' };
    }
  }
  const c = config as Rec;
  const templates = new Map<string, string>();
  if (c['templates'] !== undefined && c['templates'] !== null) {
    if (!isRec(c['templates'])) {
      return { kind: 'error', error: 'templates must map template names to Go templates' };
    }
    for (const [name, t] of Object.entries(c['templates'])) {
      if (typeof t !== 'string') {
        return { kind: 'error', error: `template "${name}" is not a string` };
      }
      templates.set(name, t);
    }
  } else if (typeof c['template'] === 'string' && c['template'].trim() !== '') {
    // Before Istio 1.8 the injector had one template, the sidecar's.
    templates.set('sidecar', c['template']);
  }
  if (templates.size === 0) {
    if (c['params'] !== undefined || (c['policy'] !== undefined && Object.keys(c).every((k) => ['policy', 'params', 'initializerName'].includes(k)))) {
      return { kind: 'legacy-0.2' };
    }
    return {
      kind: 'error',
      error:
        'not an injector config: expected `templates` (the config of ConfigMap istio-sidecar-injector) or ' +
        "`policy` and `params` (Istio 0.2's istio-inject)",
    };
  }
  const aliases: Record<string, string[]> = {};
  if (isRec(c['aliases'])) {
    for (const [k, v] of Object.entries(c['aliases'])) {
      const l = stringList(v);
      if (l) {
        aliases[k] = l;
      }
    }
  }
  const defaults = stringList(c['defaultTemplates']) ?? [];
  return { kind: 'templates', config: new InjectorConfig(templates, aliases, defaults, c, options) };
}
