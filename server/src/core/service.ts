import type { K8sObject } from './model/k8sObject';
import { stringAt } from './model/k8sObject';
import { MutableWorkspaceIndex } from './index/workspaceIndex';
import type { YAMLMap } from 'yaml';
import type { AnchoredSpan, Dependencies } from './index/workspaceIndex';
import { NO_DEPENDENCIES } from './index/workspaceIndex';
import type { FindingAt } from './findingSpans';
import { mapAllFindingSpans } from './findingSpans';
import type { Fix, RelatedLocation, Rule, RuleFinding } from './rules/rule';
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
  readonly index = new MutableWorkspaceIndex();
  private readonly failedRules = new Set<string>();
  private readonly rulesByKind = new Map<string, readonly Rule[]>();
  /** Findings per object and rule, kept while nothing they depend on changed; see `check`. */
  private readonly results = new WeakMap<YAMLMap, ObjectResults>();
  /** The last validation context: every object's results hold this one string rather than a copy per object. */
  private lastContext = '';

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
    this.index.startValidation();
    const profile = this.resolveProfile(settings, uri);
    const out: Finding[] = [];
    const looksKubernetes = /\bkind\s*:/.test(entry.text) || /"kind"\s*:/.test(entry.text);
    // A document that does not parse is not checked (its objects are half-read guesses): the file gets one clear
    // `yaml-syntax` finding, at its first error, and the documents that do parse are checked as usual.
    const broken = new Set<number>();
    entry.parsed.docs.forEach((d, i) => {
      const first = d.errors[0];
      if (first) {
        if (looksKubernetes && broken.size === 0) {
          // An error at the end of the file ("unexpected end") has a span one past the text: keep it inside.
          const len = entry.text.length;
          const start = Math.max(0, Math.min(first.span.start, len - 1));
          out.push(syntaxFinding(uri, { start, end: Math.max(start, Math.min(first.span.end, len)) }, first.message));
        }
        broken.add(i);
      }
    });
    // What a rule's result depends on besides its object and the index: the profile, the settings, and the file's
    // line ending (fixes write it).
    let context = `${profile}\u0000${settingsKey(settings)}\u0000${firstLineEnd(entry.text)}`;
    if (context === this.lastContext) {
      context = this.lastContext;
    } else {
      this.lastContext = context;
    }
    const emit = (object: K8sObject, rule: Rule, severity: Severity, results: readonly RuleFinding[]): void => {
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
    };
    for (const object of entry.objects) {
      if (broken.has(object.docIndex)) {
        continue;
      }
      const fragment = entry.fragments.has(object.node);
      // One test for an object none of whose rules' inputs changed (most objects of a file after an edit).
      if (this.fromCache(object, context, fragment, emit)) {
        continue;
      }
      const deps: Dependencies[] = [];
      const found: RuleFindings[] = [];
      let complete = true;
      const rules = this.rulesFor(object.kind);
      for (let at = 0; at < rules.length; at++) {
        const rule = rules[at];
        if (!rule || (fragment && rule.onFragments !== true)) {
          continue; // a kustomize patch writes part of an object: what it lacks, the base may have
        }
        const severity = ruleSeverity(rule, profile, settings);
        if (severity === 'off') {
          continue;
        }
        const results = this.check(rule, at, object, entry.text, profile, settings, context);
        const kept = this.results.get(object.node)?.byRule[at];
        if (!results || !kept) {
          complete = false; // the rule threw or its findings could not be cached: run the rules again next time
        } else {
          deps.push(kept.deps);
          if (kept.findings.length > 0) {
            found.push({ rule, severity, findings: kept.findings });
          }
        }
        if (results) {
          emit(object, rule, severity, results);
        }
      }
      const perObject = this.results.get(object.node);
      if (perObject) {
        // Every rule's result is current now: their dependencies merged hold exactly while each rule's would.
        perObject.whole = complete ? wholeObject(fragment, this.index.merge(deps), found) : undefined;
      }
    }
    return out;
  }

  /**
   * Emits an object's findings from the cache when every rule that checks it was cached with the same context and
   * fragment status and nothing any of them read changed (positions follow moves, as in `check`); false when the
   * rules must be looked at one by one.
   */
  private fromCache(
    object: K8sObject,
    context: string,
    fragment: boolean,
    emit: (object: K8sObject, rule: Rule, severity: Severity, results: readonly RuleFinding[]) => void,
  ): boolean {
    const perObject = this.results.get(object.node);
    const whole = perObject?.whole;
    if (!whole || perObject.context !== context || whole.fragment !== fragment || !this.index.isCurrentApartFromMoves(whole.deps)) {
      return false;
    }
    const resolved: (readonly RuleFinding[])[] = [];
    for (const f of whole.findings) {
      const findings = mapAllFindingSpans(f.findings, object.uri, (_, a) => this.index.resolve(a));
      if (!findings) {
        return false;
      }
      resolved.push(findings);
    }
    whole.deps.topics.forEach((t) => this.index.dependOn(t));
    whole.findings.forEach((f, i) => emit(object, f.rule, f.severity, resolved[i] ?? []));
    return true;
  }

  /** The rules that check a kind, in registry order. */
  private rulesFor(kind: string): readonly Rule[] {
    let list = this.rulesByKind.get(kind);
    if (!list) {
      list = this.rules.filter((r) => r.kinds.includes(kind));
      this.rulesByKind.set(kind, list);
    }
    return list;
  }

  /**
   * A rule's findings for one object: from the cache while the object's YAML, the context and every part of the
   * workspace the rule read are unchanged (positions follow edits elsewhere in the file), else by running the rule.
   * Undefined when the rule threw.
   */
  private check(
    rule: Rule,
    ruleAt: number,
    object: K8sObject,
    text: string,
    profile: Profile,
    settings: CoreSettings,
    context: string,
  ): readonly RuleFinding[] | undefined {
    let perObject = this.results.get(object.node);
    if (!perObject || perObject.context !== context) {
      perObject = { context, byRule: [] };
      this.results.set(object.node, perObject);
    }
    const cached = perObject.byRule[ruleAt];
    // Its positions are pinned to chunks, so objects that only moved leave it right.
    if (cached && this.index.isCurrentApartFromMoves(cached.deps)) {
      const findings = mapAllFindingSpans(cached.findings, object.uri, (_, a) => this.index.resolve(a));
      if (findings) {
        // A caller recording what the file's findings read (workspace diagnostics) depends on what the rule read.
        cached.deps.topics.forEach((t) => this.index.dependOn(t));
        return findings;
      }
    }
    let recorded;
    try {
      recorded = this.index.record(() => rule.check({ object, text, index: this.index, profile, settings }));
    } catch (error) {
      perObject.byRule[ruleAt] = undefined;
      if (!this.failedRules.has(rule.id)) {
        this.failedRules.add(rule.id);
        this.onRuleFailure(rule.id, error);
      }
      return undefined;
    }
    recorded.deps.topics.forEach((t) => this.index.dependOn(t));
    // Pinned to chunks, so that an edit elsewhere moves them; not cached when one cannot be (a span across chunks).
    const anchored = mapAllFindingSpans(recorded.value, object.uri, (u, span) => this.index.anchor(u, span));
    if (!anchored) {
      perObject.byRule[ruleAt] = undefined;
    } else if (anchored.length === 0 && recorded.deps === NO_DEPENDENCIES) {
      perObject.byRule[ruleAt] = NOTHING_FOUND;
    } else {
      perObject.byRule[ruleAt] = { deps: recorded.deps, findings: anchored };
    }
    return recorded.value;
  }
}

/** A cached finding, its positions pinned to chunks. */
type AnchoredFinding = FindingAt<AnchoredSpan>;

/** One rule's cached result for one object. */
interface RuleResult {
  readonly deps: Dependencies;
  readonly findings: readonly AnchoredFinding[];
}

/** The result of most rules on most objects (nothing read, nothing found): one value, not one per rule and object. */
const NOTHING_FOUND: RuleResult = { deps: NO_DEPENDENCIES, findings: [] };

/**
 * The rules' results for one object (by its YAML node, which an edit elsewhere in the file keeps). One per object of
 * the workspace, so kept lean: `byRule` is an array by the rule's place in `rulesFor(kind)` (a node's kind is fixed),
 * not a map by rule id.
 */
interface ObjectResults {
  readonly context: string;
  readonly byRule: (RuleResult | undefined)[];
  /** Every rule's result at once, set when each rule that checks the object was cached (see `fromCache`). */
  whole?: WholeObject | undefined;
}

/** A rule that found something in an object, with its cached findings. */
interface RuleFindings {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly findings: readonly AnchoredFinding[];
}

/** The cached results of all rules of one object: what they read, and the rules that found something. */
interface WholeObject {
  readonly fragment: boolean;
  readonly deps: Dependencies;
  readonly findings: readonly RuleFindings[];
}

/** An object none of whose rules read anything or found anything, as a fragment or not: shared. */
const WHOLE_NOTHING = {
  object: { fragment: false, deps: NO_DEPENDENCIES, findings: [] } satisfies WholeObject,
  fragment: { fragment: true, deps: NO_DEPENDENCIES, findings: [] } satisfies WholeObject,
};

function wholeObject(fragment: boolean, deps: Dependencies, findings: readonly RuleFindings[]): WholeObject {
  if (deps === NO_DEPENDENCIES && findings.length === 0) {
    return fragment ? WHOLE_NOTHING.fragment : WHOLE_NOTHING.object;
  }
  return { fragment, deps, findings };
}

const settingsKeys = new WeakMap<CoreSettings, string>();

/** The settings as a string, once per settings object. */
function settingsKey(settings: CoreSettings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    key = JSON.stringify(settings);
    settingsKeys.set(settings, key);
  }
  return key;
}

/** How the file's first line ends, which is the line ending fixes write. */
function firstLineEnd(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? 'crlf' : 'lf';
}

/** The object as `kind namespace/name`, as written. */
export function resourceRef(obj: K8sObject): ResourceRef {
  return { kind: obj.kind, namespace: obj.namespace ?? null, name: obj.name };
}

export function syntaxFinding(uri: string, span: Span, message: string): Finding {
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
