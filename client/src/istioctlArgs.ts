// The arguments `istio.istioctl.args` may add to `istioctl kube-inject`: only the injector's inputs. Anything else
// (`--kubeconfig`, `--context`, `-o`, a second `-f`) would change what runs or where it connects, so it is refused.

/** kube-inject's input flags, each taking one value. */
export const ALLOWED_ISTIOCTL_FLAGS: readonly string[] = [
  '--meshConfigFile',
  '--injectConfigFile',
  '--valuesFile',
  '--revision',
  '-r',
  '--meshConfigMapName',
  '--injectConfigMapName',
  '--istioNamespace',
  '-i',
];

export type IstioctlArgsCheck = { readonly ok: true; readonly args: readonly string[] } | { readonly ok: false; readonly message: string };

const FIX = 'Remove it from istio.istioctl.args in your user settings.';

/** Checks the setting's value: pairs of an allowed flag and its value (`--flag value` or `--flag=value`). */
export function checkIstioctlArgs(value: unknown): IstioctlArgsCheck {
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) {
    return { ok: false, message: 'istio.istioctl.args must be a list of strings, e.g. ["--meshConfigFile", "mesh.yaml"]. Fix it in your user settings.' };
  }
  const args = value as string[];
  const allowed = ALLOWED_ISTIOCTL_FLAGS.join(', ');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('-') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!ALLOWED_ISTIOCTL_FLAGS.includes(flag)) {
      const what = arg.startsWith('-') ? `the argument "${flag}" is not one of kube-inject's inputs (${allowed})` : `"${arg}" is not a flag (flags are ${allowed})`;
      return { ok: false, message: `istio.istioctl.args: ${what}. ${FIX}` };
    }
    const inline = eq > 0 && arg.startsWith('-');
    const v = inline ? arg.slice(eq + 1) : args[i + 1];
    if (v === undefined || v === '' || v.startsWith('-')) {
      return { ok: false, message: `istio.istioctl.args: "${flag}" needs a value (a file or name) after it. ${FIX}` };
    }
    if (!inline) {
      i++;
    }
  }
  return { ok: true, args };
}
