import { execFile } from 'node:child_process';

/** Renders with the user's istioctl (`kube-inject -f -`), without a shell. */
export function renderWithIstioctl(istioctl: string, extraArgs: readonly string[], yaml: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      istioctl,
      ['kube-inject', '-f', '-', ...extraArgs],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const why = stderr.trim() || error.message;
          reject(new Error(`istioctl kube-inject failed: ${why}`));
        } else {
          resolve(stdout);
        }
      },
    );
    child.stdin?.end(yaml);
  });
}
