import { MotifError, toMotifError } from '../core/errors/index.ts';
import type { CliIo } from './cli-io.ts';

/** Exit statuses of the `motif` command. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, cancelled: 130 } as const;

/** Codes that mean the caller asked for something invalid: exit 2. */
const BAD_INPUT_CODES: ReadonlySet<string> = new Set(['invalid_request', 'unsupported_size', 'payload_too_large']);

/** The exit status for an error: 2 for bad input, 130 when cancelled, 1 for anything else. */
function exitCodeFor(error: MotifError): number {
  if (BAD_INPUT_CODES.has(error.code)) return EXIT.badInput;
  if (error.code === 'cancelled') return EXIT.cancelled;
  return EXIT.failure;
}

/** Bad command-line input naming the flag or argument, e.g. `--size`. */
export function usageError(param: string, message: string): MotifError {
  return new MotifError('invalid_request', { param, message: `${param}: ${message}` });
}

/**
 * Converts what `node:util` parseArgs throws (unknown option, missing value)
 * into a usage error; anything else into a MotifError.
 */
export function cliError(thrown: unknown): MotifError {
  if (thrown instanceof TypeError && 'code' in thrown && typeof thrown.code === 'string' && thrown.code.startsWith('ERR_PARSE_ARGS')) {
    const flag = /'(-{1,2}[\w-]+)/.exec(thrown.message)?.[1] ?? 'arguments';
    const detail =
      thrown.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? 'unknown option'
        : /ambiguous/.test(thrown.message)
          ? `needs a value; to pass one starting with a dash write ${flag}=<value>`
          : thrown.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
            ? /missing/.test(thrown.message)
              ? 'needs a value'
              : 'does not take a value'
            : (thrown.message.split('\n')[0] ?? thrown.message);
    return new MotifError('invalid_request', { param: flag, message: `${flag}: ${detail}` });
  }
  return toMotifError(thrown);
}

/** Prints `error [code]: message` (and a hint for bad input) and returns the exit status. */
export function reportError(io: CliIo, thrown: unknown, command: string): number {
  const error = cliError(thrown);
  const shown = error.code === 'internal' && !(thrown instanceof MotifError) ? `${error.userMessage} (${error.message})` : error.message;
  io.stderr(`error [${error.code}]: ${shown}\n`);
  const code = exitCodeFor(error);
  if (code === EXIT.badInput) io.stderr(`Run "motif ${command} --help" for usage.\n`);
  return code;
}

/** Parses a whole number flag value, or throws a usage error naming the flag. */
export function parseWholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value.trim())) throw usageError(flag, `must be a whole number from ${min} to ${max}, got "${value.slice(0, 40)}"`);
  const number = Number(value.trim());
  if (number < min || number > max) throw usageError(flag, `must be from ${min} to ${max}, got ${number}`);
  return number;
}
