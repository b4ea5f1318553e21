import type { ClusterConnection } from '../kubeconfig';
import { probeOrExplain } from './explain';
import { targetKey, type Connected, type FlowEnv, type Stopped } from './flowEnv';
import type { Notice, Question } from './flowUi';
import { productionCheck, typedConfirmationMatches, type ProductionCheck } from './production';

// The one ladder every cluster write climbs (apply, delete, register a VM): ask → (dry run → ask again) → typed
// confirmation for production → write → notify. Nothing is sent before the first answer, and the target counts as
// confirmed (reads stop asking) once it is given.

/** The production check of a target; a pattern that cannot be used is logged with what to do, and the default used. */
export function checkPattern(env: FlowEnv, conn: ClusterConnection): ProductionCheck {
  const prod = productionCheck(conn, env.productionPattern);
  if (prod.patternError !== undefined) {
    env.ui.log('warn', `istio.cluster.productionPattern cannot be used (${prod.patternError}); using "${prod.pattern}" instead. Fix the pattern in your user settings.`);
  }
  return prod;
}

/** For production targets: the user must type the context name; when it was not typed, says that nothing changed. */
export async function typedConfirmation(env: FlowEnv, conn: ClusterConnection, prod: ProductionCheck): Promise<boolean> {
  if (!prod.production) {
    return true;
  }
  const typed = await env.ui.typeToConfirm({
    prompt: env.l10n.t('"{0}" looks like a production context. Type its name to continue.', conn.context),
    expected: conn.context,
  });
  if (typedConfirmationMatches(typed, conn.context)) {
    return true;
  }
  void env.ui.notify({ severity: 'info', message: env.l10n.t('Cancelled: the context name was not typed, so nothing was changed on {0}.', conn.context), actions: [] });
  return false;
}

/** One write, as the ladder needs it: its questions, how it runs, how it words the end. `C` names the write's choices. */
export interface WriteSteps<C extends string, R> {
  /** Names the write in the log ("Apply details.yaml"). */
  readonly doing: string;
  readonly conn: ClusterConnection;
  readonly prod: ProductionCheck;
  /** The first question: one of the writes, or a dry run first. */
  readonly first: Question<C | 'dryRun'>;
  /** Runs the dry run, or the write the user chose. */
  run(dryRun: boolean, choice: C | undefined): Promise<R>;
  /** Why the flow ends after this dry run (it failed, it was cancelled), or undefined to ask again. */
  dryRunStops(dryRun: R): Stopped | undefined;
  /** The question after a dry run that went through; answering 'dryRun' again counts as cancelling. */
  afterDryRun(dryRun: R, connected: Connected): Question<C | 'dryRun'>;
  /** The notification a run ends with; undefined when the flow goes on after the write (a conflict's offer to force). */
  notice(r: R, dryRun: boolean): Notice | undefined;
  /** What the log says when the user stops on each rung (nothing at the typed confirmation when omitted: it notified). */
  readonly cancelled: { readonly first: string; readonly afterDryRun: string; readonly typed?: string };
}

/** The rung a ladder stopped on. */
export type Rung = 'first' | 'connect' | 'dry-run' | 'after-dry-run' | 'typed';

/** How a ladder ended: stopped on a rung (with the dry run, when one ran), or written. */
export type WriteEnd<C extends string, R> =
  | { readonly stopped: Stopped; readonly at: Rung; readonly dryRun?: R }
  | { readonly result: R; readonly choice: C; readonly dryRun?: R };

/** Climbs the ladder for one write. */
export async function confirmedWrite<C extends string, R>(env: FlowEnv, w: WriteSteps<C, R>): Promise<WriteEnd<C, R>> {
  const { ui } = env;
  const stop = (at: Rung, why: string | undefined, dryRun?: R): WriteEnd<C, R> => {
    if (why !== undefined) {
      ui.log('info', `${w.doing}: ${why}`);
    }
    return { stopped: 'cancelled', at, ...(dryRun === undefined ? {} : { dryRun }) };
  };
  let choice = await ui.ask(w.first);
  if (!choice) {
    return stop('first', w.cancelled.first);
  }
  env.targets?.remember(targetKey(w.conn));
  const connected = await probeOrExplain(env, w.conn, w.doing);
  if (!connected) {
    return { stopped: 'no-connection', at: 'connect' };
  }
  let dryRun: R | undefined;
  if (choice === 'dryRun') {
    dryRun = await w.run(true, undefined);
    const stopped = w.dryRunStops(dryRun);
    if (stopped) {
      const notice = w.notice(dryRun, true);
      if (notice) {
        void ui.notify(notice);
      }
      return { stopped, at: 'dry-run', dryRun };
    }
    choice = await ui.ask(w.afterDryRun(dryRun, connected));
    if (!choice || choice === 'dryRun') {
      return stop('after-dry-run', w.cancelled.afterDryRun, dryRun);
    }
  }
  if (!(await typedConfirmation(env, w.conn, w.prod))) {
    return stop('typed', w.cancelled.typed, dryRun);
  }
  const result = await w.run(false, choice);
  const notice = w.notice(result, false);
  if (notice) {
    void ui.notify(notice);
  }
  return { result, choice, ...(dryRun === undefined ? {} : { dryRun }) };
}
