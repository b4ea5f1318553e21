import { describeConnection, type ClusterConnection } from '../kubeconfig';
import { registerVm, type RegisterResult, type RegisterVmOptions } from '../vmRegistration';
import { loadOrExplain } from './explain';
import type { FlowEnv } from './flowEnv';
import type { Choice, Notice, Question } from './flowUi';
import { splitList, validateNamespace, validateRegisterPorts, validateServiceAccount, validateServiceName, validateVmIp } from './inputs';
import { commonChoices, problemLines, problemNotice, productionLines, targetLines } from './messages';
import type { ProductionCheck } from './production';
import type { Translator } from './translator';
import { checkPattern, confirmedWrite } from './writeLadder';

// Register a VM (istioctl register): the wizard asking for the VM's service, then a Service without selector and its
// Endpoints, up the write ladder like apply.

/** What registering a VM asks for. */
export type RegisterInput = Pick<RegisterVmOptions, 'name' | 'ip' | 'ports' | 'namespace' | 'serviceAccount'>;

function registerQuestion(l10n: Translator, input: RegisterInput, ns: string, conn: ClusterConnection, prod: ProductionCheck, dryRunFirst: boolean, dryRunDone: boolean): Question<'register' | 'dryRun'> {
  const choices: Choice<'register' | 'dryRun'>[] = [];
  if (dryRunDone || !dryRunFirst) {
    choices.push({ id: 'register', label: l10n.t('Register') });
  }
  if (!dryRunDone) {
    choices.push({ id: 'dryRun', label: l10n.t('Dry Run First') });
  }
  const message = l10n.t('Register {0} ({1}, ports {2}) as Service {3}/{0} on context "{4}"?', input.name, input.ip, input.ports.join(' '), ns, conn.context);
  return {
    severity: 'warning',
    message: prod.production ? l10n.t('⚠ PRODUCTION ⚠ {0}', message) : message,
    detail: [
      ...productionLines(l10n, prod),
      ...targetLines(l10n, conn),
      '',
      l10n.t('Like istioctl register: creates the Service (without a selector) when missing and adds the address to its Endpoints, keeping other addresses.'),
      ...(dryRunDone ? ['', l10n.t('The dry run passed.')] : []),
    ].join('\n'),
    choices,
  };
}

/** Registers a VM workload (Service without selector + Endpoints), confirmed like apply, with an optional dry run. */
export async function registerFlow(env: FlowEnv, input: RegisterInput): Promise<RegisterResult | undefined> {
  const { ui, l10n } = env;
  const doing = l10n.t('Register VM {0}', input.name);
  const conn = loadOrExplain(env, doing);
  if (!conn) {
    return undefined;
  }
  const prod = checkPattern(env, conn);
  const ns = input.namespace ?? conn.namespace;
  const question = (dryRunDone: boolean): Question<'register' | 'dryRun'> => registerQuestion(l10n, input, ns, conn, prod, env.dryRunFirst === true, dryRunDone);
  const end = await confirmedWrite<'register', RegisterResult>(env, {
    doing,
    conn,
    prod,
    first: question(false),
    run: async (dryRun) => {
      ui.log('info', `${dryRun ? 'Dry run of registering' : 'Register'} VM ${input.name} ${input.ip} [${input.ports.join(' ')}] in ${ns} → ${describeConnection(conn)}`);
      const r = await ui.progress(dryRun ? l10n.t('Dry run on {0}', conn.context) : l10n.t('Registering {0}', input.name), (_report, signal) =>
        registerVm(conn, { ...input, namespace: ns, dryRun, signal }),
      );
      logRegister(env, r);
      return r;
    },
    dryRunStops: (dr) => (dr.kind === 'registered' ? undefined : 'dry-run-failed'),
    afterDryRun: () => question(true),
    notice: (r) => registerNotice(l10n, conn, r),
    cancelled: { first: 'cancelled; nothing was sent.', afterDryRun: 'cancelled; nothing was changed.' },
  });
  if ('result' in end) {
    return end.result;
  }
  // A dry run that did not go through is the answer: it says what would fail.
  return end.at === 'dry-run' ? end.dryRun : undefined;
}

function logRegister(env: FlowEnv, r: RegisterResult): void {
  switch (r.kind) {
    case 'registered':
      env.ui.log('info', `${r.dryRun ? '(dry run) ' : ''}Service ${r.service}, Endpoints ${r.endpoints} in ${r.namespace}; ports ${r.ports.map((p) => `${p.name}:${p.port}`).join(' ')}`);
      r.warnings.forEach((w) => env.ui.log('warn', w));
      return;
    case 'invalid-input':
      env.ui.log('error', r.message);
      return;
    case 'failed':
      problemLines('Register VM', r.problem).forEach((l) => env.ui.log('error', l));
  }
}

export function registerNotice(l10n: Translator, conn: ClusterConnection, r: RegisterResult): Notice {
  switch (r.kind) {
    case 'registered': {
      const ports = r.ports.map((p) => `${p.name}:${p.port}`).join(' ');
      const base = r.dryRun
        ? l10n.t('Dry run on context "{0}": registering would work (Service {1}, Endpoints {2}, ports {3}).', conn.context, r.service, r.endpoints, ports)
        : l10n.t('Registered on context "{0}" in namespace {1}: Service {2}, Endpoints {3}, ports {4}.', conn.context, r.namespace, r.service, r.endpoints, ports);
      return {
        severity: r.warnings.length > 0 ? 'warning' : 'info',
        message: r.warnings.length > 0 ? `${base} ${r.warnings.join(' ')}` : base,
        actions: commonChoices(l10n, ['showLogs']),
      };
    }
    case 'invalid-input':
      return { severity: 'error', message: l10n.t('Nothing was registered: {0}', r.message), actions: [] };
    case 'failed':
      return problemNotice(l10n, l10n.t('Register VM on {0}', conn.context), r.problem);
  }
}

/** Asks for the VM's service (istioctl register's arguments), then registers it; undefined when the user stopped. */
export async function registerVmWizard(env: FlowEnv): Promise<RegisterResult | undefined> {
  const { ui, l10n } = env;
  const conn = loadOrExplain(env, l10n.t('Register a VM workload'));
  if (!conn) {
    return undefined;
  }
  const title = l10n.t('Register a VM workload (istioctl register)');
  const name = await ui.input({ title: `${title} (1/4)`, prompt: l10n.t('The Service name the VM provides'), placeHolder: 'mysql', validate: (v) => validateServiceName(l10n, v) });
  if (name === undefined) {
    return undefined;
  }
  const ip = await ui.input({ title: `${title} (2/4)`, prompt: l10n.t("The VM's IP address, reachable from the pods"), placeHolder: '10.150.0.5', validate: (v) => validateVmIp(l10n, v) });
  if (ip === undefined) {
    return undefined;
  }
  const ports = await ui.input({
    title: `${title} (3/4)`,
    prompt: l10n.t('Ports as name:port (a bare 80, 443, 3306 or 8080 is named for you)'),
    placeHolder: 'http:7000 mysql:3306',
    validate: (v) => validateRegisterPorts(l10n, v),
  });
  if (ports === undefined) {
    return undefined;
  }
  const namespace = await ui.input({ title: `${title} (4/4)`, prompt: l10n.t('Namespace of the Service'), value: conn.namespace, validate: (v) => validateNamespace(l10n, v) });
  if (namespace === undefined) {
    return undefined;
  }
  const serviceAccount = await ui.input({
    title,
    // istioctl register -s: Pilot 0.2 reads it from the Service's annotation for mutual TLS.
    prompt: l10n.t('Service account the VM runs as (secret istio.<service account>)'),
    value: 'default',
    validate: (v) => validateServiceAccount(l10n, v),
  });
  if (serviceAccount === undefined) {
    return undefined;
  }
  return registerFlow(env, { name: name.trim(), ip: ip.trim(), ports: splitList(ports), namespace: namespace.trim(), serviceAccount: serviceAccount.trim() });
}
