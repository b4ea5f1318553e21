import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { K8sObject } from '../model/k8sObject';
import type { CoreSettings, Profile, Severity, SeverityOrOff } from '../settings';
import type { Span } from '../yaml/spans';

/** A place in another (or the same) file that explains a finding, e.g. the other Service of a conflict. */
export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** A text edit a quick fix would make, in offsets of the finding's file, or of the file `uri` names. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
  /** The file edited when it is not the finding's (adding a subset to a DestinationRule of another file). */
  readonly uri?: string;
}

/** A quick fix offered for a finding. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix a user most likely wants (VS Code's preferred action). */
  readonly preferred?: boolean;
}

/** What a rule reports. */
export interface RuleFinding {
  readonly span: Span;
  readonly message: string;
  /** Overrides the rule's severity for this finding only. */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  /** The object the finding is about, when not the one being checked (e.g. a workload reported from a Service). */
  readonly object?: K8sObject;
}

/** What a rule may read while checking one object. */
export interface RuleContext {
  readonly object: K8sObject;
  readonly text: string;
  readonly index: WorkspaceIndex;
  readonly profile: Profile;
  readonly settings: CoreSettings;
}

/** One check of Istio's mesh requirements. The file name of a rule is its id. */
export interface Rule {
  /** Stable forever: settings and suppression comments refer to it. */
  readonly id: string;
  /** What must hold, in one sentence. */
  readonly description: string;
  /** The matching `istioctl analyze` code, or null when Istio has none. */
  readonly istioCode: string | null;
  /** Severity when the user sets none: one for all profiles, or one per profile. */
  readonly defaultSeverity: SeverityOrOff | Readonly<Record<Profile, SeverityOrOff>>;
  /** The kinds the rule checks. */
  readonly kinds: readonly string[];
  /**
   * True when the rule judges only what an object writes (a value, a key, its place), never what it lacks or how it
   * relates to other objects: such a rule also runs on kustomize patches and `$patch` documents, which write part of
   * an object only.
   */
  readonly onFragments?: boolean;
  check(ctx: RuleContext): readonly RuleFinding[];
}

/** Declares a rule; keeps rule files to their content. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** The severity a rule runs at, from the user's override or its default for the profile. */
export function ruleSeverity(rule: Rule, profile: Profile, settings: CoreSettings): SeverityOrOff {
  const override = settings.rules[rule.id];
  if (override) {
    return override;
  }
  return typeof rule.defaultSeverity === 'string' ? rule.defaultSeverity : rule.defaultSeverity[profile];
}
