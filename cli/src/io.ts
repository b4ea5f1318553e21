/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readFile(path: string): string;
  readStdin(): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** A usage or input error: printed as one line, exit code 2. */
export class UsageError extends Error {}
