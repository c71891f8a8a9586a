import { parseArgs } from 'node:util';

/**
 * Common benchmark flags: `--quick` shrinks every size so a script can be
 * debugged in seconds on a loaded machine; other `--name=value` flags are
 * bench-specific.
 */
export function benchArgs(argv = process.argv.slice(2)): { quick: boolean; values: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  return { quick: values.quick === true, values };
}

export function numberArg(values: Record<string, string | boolean | undefined>, name: string, fallback: number): number {
  const raw = values[name];
  if (typeof raw !== 'string') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
  return n;
}
