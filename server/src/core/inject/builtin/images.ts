/** Image pulling as the templates write it: the containers' `imagePullPolicy` and the pod's `imagePullSecrets`. */
import { goSprint, truthy } from '../config';
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { value, type TemplateData } from './templateData';

/** Sets `imagePullPolicy` on a container when the values give one. */
export function setPullPolicy(d: TemplateData, container: Rec): void {
  const policy = value(d, 'global.imagePullPolicy');
  if (truthy(policy)) {
    container['imagePullPolicy'] = goSprint(policy);
  }
}

/** Sets the pod's imagePullSecrets from the values, when they give any. */
export function setPullSecrets(d: TemplateData, spec: Rec): void {
  const pullSecrets = value(d, 'global.imagePullSecrets');
  if (truthy(pullSecrets) && Array.isArray(pullSecrets)) {
    spec['imagePullSecrets'] = pullSecrets.map((s) => (isRec(s) ? s : { name: goSprint(s) }));
  }
}
