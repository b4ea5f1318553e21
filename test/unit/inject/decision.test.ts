/** The one injection decision: istiod's webhook selection and injectRequired, kube-inject's, and 0.2's policy table. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  decideInjection,
  injectorPolicyOfValues,
  type Admission,
  type InjectorPolicy,
  type PodFacts,
} from '../../../server/src/core/inject/decision';
import { injectionDisabled } from '../../../server/src/core/inject/workload';
import { injectText } from '../../../server/src/core/inject/index';

const ENABLED: InjectorPolicy = { policy: 'enabled', neverInjectSelector: [], alwaysInjectSelector: [] };

function pod(p: Partial<PodFacts> = {}): PodFacts {
  return { namespace: 'shop', labels: {}, annotations: {}, hostNetwork: false, ...p };
}

function webhook(namespaceLabels: Record<string, string> | undefined, extra: Partial<Admission> = {}): Admission {
  return { by: 'webhook', namespaceLabels, ...extra } as Admission;
}

function today(p: Partial<PodFacts>, admission: Admission, policy: InjectorPolicy = ENABLED) {
  return decideInjection({ injector: 'today', pod: pod(p), policy, admission });
}

const NS_ENABLED = { 'istio-injection': 'enabled' };
const INJECT = 'sidecar.istio.io/inject';

describe('injection decision: label and annotation', () => {
  it('a pod labelled "no" in an enabled namespace is not injected (the issue: CodeLens and injector disagreed)', () => {
    const d = today({ labels: { [INJECT]: 'no' } }, webhook(NS_ENABLED));
    assert.equal(d.inject, false);
    assert.equal(d.cause, 'pod');
    assert.match(d.reason, /pod label sidecar\.istio\.io\/inject: "no" opts out/);
    assert.equal(injectionDisabled({ labels: { [INJECT]: 'no' } }), true);
  });

  it('the label wins over the annotation, both ways', () => {
    const labelYes = today({ labels: { [INJECT]: 'true' }, annotations: { [INJECT]: 'false' } }, webhook(NS_ENABLED));
    assert.equal(labelYes.inject, true);
    assert.match(labelYes.reason, /the label wins over the annotation "false"/);
    const labelNo = today({ labels: { [INJECT]: 'false' }, annotations: { [INJECT]: 'true' } }, webhook({ 'istio.io/rev': 'canary' }));
    assert.equal(labelNo.inject, false);
    const kubeInject = decideInjection({
      injector: 'today',
      pod: pod({ labels: { [INJECT]: 'off' }, annotations: { [INJECT]: 'true' } }),
      policy: ENABLED,
      admission: { by: 'kube-inject' },
    });
    assert.equal(kubeInject.inject, false);
    assert.equal(injectionDisabled({ labels: { [INJECT]: 'yes' }, annotations: { [INJECT]: 'false' } }), false);
  });

  it('the annotation opts out when there is no label', () => {
    const d = today({ annotations: { [INJECT]: 'false' } }, webhook(NS_ENABLED));
    assert.equal(d.inject, false);
    assert.match(d.reason, /pod annotation sidecar\.istio\.io\/inject: "false" opts out/);
  });

  it('opt-in in an unlabelled namespace: the label "true" selects the pod, the annotation alone does not, nor "yes"', () => {
    const byLabel = today({ labels: { [INJECT]: 'true' } }, webhook({}));
    assert.equal(byLabel.inject, true);
    assert.match(byLabel.reason, /^pod label sidecar\.istio\.io\/inject: "true" \(the namespace is not labelled\)/);
    const byAnnotation = today({ annotations: { [INJECT]: 'true' } }, webhook({}));
    assert.equal(byAnnotation.inject, false);
    assert.match(byAnnotation.reason, /annotation alone does not opt in: use the label/);
    const yes = today({ labels: { [INJECT]: 'yes' } }, webhook({}));
    assert.equal(yes.inject, false, 'the webhook objectSelector matches "true" only');
    assert.match(yes.reason, /exactly "true"/);
  });

  it('reads y, yes, on, true in any case as yes under policy disabled', () => {
    const disabled = { ...ENABLED, policy: 'disabled' };
    for (const v of ['y', 'Yes', 'ON', 'TRUE']) {
      assert.equal(today({ labels: { [INJECT]: v } }, webhook(NS_ENABLED), disabled).inject, true, v);
    }
    assert.equal(today({ labels: { [INJECT]: 'maybe' } }, webhook(NS_ENABLED), disabled).inject, false);
  });
});

describe('injection decision: namespaces and revisions', () => {
  it('names the namespace label that decides', () => {
    assert.deepEqual(
      [today({}, webhook(NS_ENABLED)).reason, today({}, webhook(NS_ENABLED)).inject],
      ['namespace shop is labelled istio-injection=enabled', true],
    );
    const off = today({ labels: { [INJECT]: 'true' } }, webhook({ 'istio-injection': 'disabled' }));
    assert.equal(off.inject, false, 'a disabled namespace wins over the pod label');
    assert.equal(off.reason, 'namespace shop is labelled istio-injection=disabled');
    const odd = today({}, webhook({ 'istio-injection': 'on' }));
    assert.equal(odd.inject, false);
    assert.match(odd.reason, /only "enabled" selects/);
  });

  it('namespace not in the workspace: depends on the cluster, unless the pod opts in or out by label', () => {
    assert.equal(today({}, webhook(undefined)).inject, 'unknown');
    assert.match(today({}, webhook(undefined)).reason, /namespace shop is not in the workspace/);
    assert.equal(today({ labels: { [INJECT]: 'true' } }, webhook(undefined)).inject, true);
    assert.equal(today({ labels: { [INJECT]: 'false' } }, webhook(undefined)).inject, false);
  });

  it('revisions: from the namespace, from the pod label, and istio-injection=enabled means the default one', () => {
    const nsRev = today({}, webhook({ 'istio.io/rev': 'canary' }));
    assert.equal(nsRev.inject, true);
    assert.equal(nsRev.revision, 'canary');
    assert.equal(nsRev.reason, 'namespace shop is labelled istio.io/rev=canary');
    const podRev = today({ labels: { 'istio.io/rev': '1-28' } }, webhook({}));
    assert.equal(podRev.inject, true);
    assert.equal(podRev.revision, '1-28');
    const both = today({ labels: { 'istio.io/rev': '1-28' } }, webhook({ ...NS_ENABLED, 'istio.io/rev': 'canary' }));
    assert.equal(both.revision, '', 'istio-injection=enabled selects the default webhook');
    assert.equal(today({ labels: { 'istio.io/rev': '1-28', [INJECT]: 'false' } }, webhook({})).inject, false);
  });

  it('enableNamespacesByDefault injects unlabelled namespaces', () => {
    assert.equal(today({}, webhook({}, { injectsUnlabelledNamespaces: true })).inject, true);
    assert.equal(today({}, webhook({})).inject, false);
  });

  for (const ns of ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']) {
    it(`never injects into ${ns}, even when asked`, () => {
      const d = today({ namespace: ns, labels: { [INJECT]: 'true' } }, webhook(NS_ENABLED));
      assert.equal(d.inject, false);
      assert.equal(d.cause, 'system-namespace');
      assert.equal(injectionDisabled({ namespace: ns }), true);
    });
  }
  it('injects elsewhere with kube-inject (no namespace labels)', () => {
    assert.equal(injectionDisabled({ namespace: 'istio-system' }), false);
    assert.equal(injectionDisabled({}), false);
  });
});

describe('injection decision: host network, policy, selectors', () => {
  it('host network is never injected, whatever the pod says', () => {
    const d = today({ hostNetwork: true, labels: { [INJECT]: 'true' } }, webhook(NS_ENABLED));
    assert.equal(d.inject, false);
    assert.equal(d.cause, 'host-network');
    assert.match(d.reason, /^hostNetwork: true/);
    assert.equal(injectionDisabled({}, { hostNetwork: true }), true);
  });

  it('a pod that already carries sidecar.istio.io/status is shown as injected already', () => {
    const d = today({ annotations: { 'sidecar.istio.io/status': '{}' } }, webhook(NS_ENABLED));
    assert.equal(d.inject, false);
    assert.equal(d.cause, 'already-injected');
  });

  it('policy disabled injects only pods that opt in; another policy injects nothing', () => {
    const disabled = { ...ENABLED, policy: 'disabled' };
    assert.equal(today({}, webhook(NS_ENABLED), disabled).inject, false);
    assert.match(today({}, webhook(NS_ENABLED), disabled).reason, /policy is disabled/);
    assert.equal(today({ labels: { [INJECT]: 'true' } }, webhook(NS_ENABLED), disabled).inject, true);
    const off = { ...ENABLED, policy: 'off' };
    assert.equal(today({ labels: { [INJECT]: 'true' } }, webhook(NS_ENABLED), off).inject, false);
  });

  it('neverInjectSelector wins over alwaysInjectSelector; both yield to what the pod says', () => {
    const policy: InjectorPolicy = {
      policy: 'disabled',
      neverInjectSelector: [{ matchExpressions: [{ key: 'openshift.io/build.name', operator: 'Exists' }] }],
      alwaysInjectSelector: [{}, { matchLabels: { tier: 'web' } }],
    };
    const always = today({ labels: { tier: 'web' } }, webhook(NS_ENABLED), policy);
    assert.equal(always.inject, true);
    assert.match(always.reason, /alwaysInjectSelector\[1\]/);
    const never = today({ labels: { tier: 'web', 'openshift.io/build.name': 'b' } }, webhook(NS_ENABLED), policy);
    assert.equal(never.inject, false);
    assert.match(never.reason, /neverInjectSelector\[0\]/);
    const said = today({ labels: { 'openshift.io/build.name': 'b', [INJECT]: 'true' } }, webhook(NS_ENABLED), policy);
    assert.equal(said.inject, true);
    assert.equal(today({ labels: { tier: 'db' } }, webhook(NS_ENABLED), policy).inject, false);
  });

  it('reads the webhook policy and selectors from the injector values; kube-inject ignores them', () => {
    const values = {
      global: { proxy: { autoInject: 'disabled' } },
      sidecarInjectorWebhook: { alwaysInjectSelector: [{ matchLabels: { app: 'web' } }] },
    };
    assert.deepEqual(injectorPolicyOfValues(values), {
      policy: 'disabled',
      neverInjectSelector: [],
      alwaysInjectSelector: [{ matchLabels: { app: 'web' } }],
    });
    assert.equal(injectorPolicyOfValues(undefined).policy, 'enabled');
    const doc = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a\n';
    // istioctl kube-inject decides with its own policy "enabled" and no selectors: asked to inject, it injects.
    const manual = injectText(doc, { profile: 'native', values });
    assert.ok(manual.ok);
    assert.deepEqual(manual.warnings, []);
    assert.match(manual.text, /name: istio-proxy/);
  });
});

describe('injection decision: Istio 0.2 behind the same entry', () => {
  const table: Array<[policy: 'off' | 'disabled' | 'enabled', annotation: string | undefined, injected: boolean]> = [
    ['off', undefined, false],
    ['off', 'true', false],
    ['disabled', undefined, false],
    ['disabled', 'false', false],
    ['disabled', 'true', true],
    ['enabled', undefined, true],
    ['enabled', 'false', false],
    ['enabled', 'true', true],
  ];
  for (const [policy, annotation, want] of table) {
    it(`policy ${policy}, annotation ${annotation ?? 'omitted'}: ${want ? 'injected' : 'not injected'}`, () => {
      for (const by of ['initializer', 'kube-inject'] as const) {
        const d = decideInjection({
          injector: 'legacy-0.2',
          by,
          workload: { namespace: 'default', annotations: annotation === undefined ? {} : { [INJECT]: annotation } },
          hostNetwork: false,
          config: { policy, excludeNamespaces: [] },
        });
        assert.equal(d.inject, want, by);
        assert.match(d.reason, new RegExp(`^policy ${policy}`));
      }
    });
  }

  it('the Initializer watches its namespaces only; kube-inject does not; 0.2 skips the host network', () => {
    const base = { injector: 'legacy-0.2' as const, hostNetwork: false, workload: { namespace: 'shop', annotations: {} } };
    const config = { policy: 'enabled' as const, namespaces: ['other'], excludeNamespaces: [] };
    assert.equal(decideInjection({ ...base, by: 'initializer', config }).inject, false);
    assert.equal(decideInjection({ ...base, by: 'kube-inject', config }).inject, true);
    const host = decideInjection({ ...base, by: 'kube-inject', config, hostNetwork: true });
    assert.equal(host.inject, false);
    assert.equal(host.cause, 'host-network');
    const system = decideInjection({ ...base, by: 'kube-inject', config, workload: { namespace: 'istio-system', annotations: {} } });
    assert.equal(system.inject, false);
  });
});
