/** Runs `istio-mesh inject` in process over an in-memory file system, capturing its exit code and output. */
import { runInject } from '../../../cli/src/inject';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function runInjectCli(argv: string[], files: Record<string, string> = {}, stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runInject(argv, {
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      }
      return f;
    },
    readStdin: () => Promise.resolve(stdin),
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}
