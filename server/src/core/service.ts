import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import { WorkspaceIndex } from './index/workspaceIndex';
import type { Fix, RelatedLocation, Rule } from './rules/rule';
import { ruleSeverity } from './rules/rule';
import { allRules } from './rules/registry';
import type { CoreSettings, Profile, Severity } from './settings';
import { DEFAULT_SETTINGS } from './settings';
import { suppressedByAnnotation, suppressedByComment } from './suppression';
import type { Span } from './yaml/spans';

/** The object a finding is about, as written in the YAML. */
export interface ResourceRef {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

/** A finding ready for an editor or a report: what, where, how bad, and how to fix it. */
export interface Finding {
  readonly uri: string;
  readonly span: Span;
  readonly severity: Severity;
  /** The rule id, or `yaml-syntax` for a file that does not parse. */
  readonly code: string;
  readonly istioCode: string | null;
  readonly message: string;
  readonly resource: ResourceRef | null;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
}

/** Logs a rule that threw, once per rule; the other rules' findings are kept. */
export type RuleFailureSink = (ruleId: string, error: unknown) => void;

/** The core's facade: files in, findings and injection out. One instance per workspace; no global state. */
export class MeshService {
  readonly index = new WorkspaceIndex();
  private readonly failedRules = new Set<string>();

  constructor(
    private readonly rules: readonly Rule[] = allRules,
    private readonly onRuleFailure: RuleFailureSink = () => undefined,
  ) {}

  /** Adds or replaces a file's text. */
  setFile(uri: string, text: string, version?: number): void {
    this.index.set(uri, text, version);
  }

  removeFile(uri: string): boolean {
    return this.index.remove(uri);
  }

  /**
   * The profile in force for a file: the setting, or for `auto` what the injector ConfigMap nearest above the file
   * says (a ConfigMap applies to the files of its folder and below), else `native`.
   */
  resolveProfile(settings: CoreSettings = DEFAULT_SETTINGS, uri?: string): Profile {
    return settings.profile === 'auto' ? detectProfile(this.index.ofKind('ConfigMap'), uri) : settings.profile;
  }

  /** Every finding for one file, after severities and suppressions. */
  validate(uri: string, settings: CoreSettings = DEFAULT_SETTINGS): Finding[] {
    const entry = this.index.get(uri);
    if (!entry || !settings.enable) {
      return [];
    }
    const profile = this.resolveProfile(settings, uri);
    const out: Finding[] = [];
    const looksKubernetes = /\bkind\s*:/.test(entry.text) || /"kind"\s*:/.test(entry.text);
    if (looksKubernetes) {
      for (const d of entry.parsed.docs) {
        const first = d.errors[0];
        if (first) {
          out.push(syntaxFinding(uri, first.span, first.message));
        }
      }
    }
    for (const object of entry.objects) {
      for (const rule of this.rules) {
        if (!rule.kinds.includes(object.kind)) {
          continue;
        }
        const severity = ruleSeverity(rule, profile, settings);
        if (severity === 'off') {
          continue;
        }
        let results;
        try {
          results = rule.check({ object, text: entry.text, index: this.index, profile, settings });
        } catch (error) {
          if (!this.failedRules.has(rule.id)) {
            this.failedRules.add(rule.id);
            this.onRuleFailure(rule.id, error);
          }
          continue;
        }
        for (const r of results) {
          const about = r.object ?? object;
          if (suppressedByComment(entry.text, r.span.start, rule.id) || suppressedByAnnotation(about, rule.istioCode)) {
            continue;
          }
          out.push({
            uri,
            span: r.span,
            severity: r.severity ?? severity,
            code: rule.id,
            istioCode: rule.istioCode,
            message: r.message,
            resource: resourceRef(about),
            related: r.related ?? [],
            fixes: r.fixes ?? [],
          });
        }
      }
    }
    return out;
  }
}

/** The object as `kind namespace/name`, as written. */
export function resourceRef(obj: K8sObject): ResourceRef {
  return { kind: obj.kind, namespace: obj.namespace ?? null, name: obj.name };
}

function syntaxFinding(uri: string, span: Span, message: string): Finding {
  return {
    uri,
    span,
    severity: 'error',
    code: 'yaml-syntax',
    istioCode: null,
    message: `This YAML does not parse, so Istio rules were not checked here: ${message}`,
    resource: null,
    related: [],
    fixes: [],
  };
}

/** `auto`: the 0.2 `istio-inject` ConfigMap means legacy-0.2; today's injector ConfigMap says classic or native. */
function detectProfile(configMaps: readonly K8sObject[], uri: string | undefined): Profile {
  let best: { depth: number; profile: Profile } | undefined;
  for (const cm of configMaps) {
    const profile = profileOf(cm);
    const dir = cm.uri.slice(0, cm.uri.lastIndexOf('/') + 1);
    if (!profile || (uri !== undefined && !uri.startsWith(dir))) {
      continue;
    }
    if (!best || dir.length > best.depth) {
      best = { depth: dir.length, profile };
    }
  }
  return best?.profile ?? 'native';
}

function profileOf(cm: K8sObject): Profile | undefined {
  if (cm.name === 'istio-inject') {
    return 'legacy-0.2';
  }
  if (cm.name !== 'istio-sidecar-injector' && !cm.name.startsWith('istio-sidecar-injector-')) {
    return undefined;
  }
  const values = stringAt(cm.node, ['data', 'values']) ?? '';
  if (/"?ENABLE_NATIVE_SIDECARS"?\s*:\s*"?false/i.test(values) || /"?nativeSidecar"?\s*:\s*false/.test(values)) {
    return 'classic';
  }
  return 'native';
}
