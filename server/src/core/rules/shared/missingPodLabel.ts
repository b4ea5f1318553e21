import { isIstioControlPlane, isMeshWorkload } from '../../index/serviceMembership';
import { hasPodLabel } from '../../model/podLabels';
import type { RuleContext } from '../rule';

/**
 * True when the checked workload is in the mesh (and not Istio's own) and its pods lack a label: `legacyKey` under
 * the legacy-0.2 profile, every one of `keys` (what today's Istio reads) otherwise.
 */
export function lacksPodLabel(ctx: RuleContext, legacyKey: string, keys: readonly string[]): boolean {
  const workload = ctx.object;
  if (isIstioControlPlane(workload) || !isMeshWorkload(workload, ctx.profile, ctx.index, ctx.settings.defaultNamespace)) {
    return false;
  }
  return !hasPodLabel(workload, ctx.profile === 'legacy-0.2' ? [legacyKey] : keys);
}
