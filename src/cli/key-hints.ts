import type { Attempt } from '../core/contract/history-entry.ts';
import type { MotifError } from '../core/errors/index.ts';
import { PROVIDERS } from '../core/providers/provider-list.ts';

/** The environment variable the headless engine reads each built-in provider's key from, from the descriptors. */
const KEY_VARIABLES: Readonly<Record<string, string>> = Object.fromEntries(
  PROVIDERS.flatMap((d) => (d.secret ? [[d.kind, d.secret.env]] : [])),
);

/**
 * What the designer must fix about a key or an account, from a job's attempt
 * trail (and the error that ended it, if any): one line per provider that
 * rejected its key or ran out of credits. The engine's own messages speak of
 * the app's Settings; on the command line the key comes from the environment
 * (or MOTIF_CONFIG), so these name the variable to check.
 */
export function keyHints(attempts: readonly Attempt[] | undefined, error?: MotifError): string[] {
  const failures = new Map<string, string>();
  for (const attempt of attempts ?? []) {
    if (attempt.errorCode === 'auth_failed' || attempt.errorCode === 'insufficient_credits')
      failures.set(attempt.provider, attempt.errorCode);
  }
  if (error?.provider !== undefined && (error.code === 'auth_failed' || error.code === 'insufficient_credits'))
    failures.set(error.provider, error.code);
  return [...failures].map(([provider, code]) => {
    const variable = KEY_VARIABLES[provider];
    if (code === 'insufficient_credits')
      return `${provider} reports the account is out of credits; top it up, or use another provider (--model offline draws locally)`;
    return variable === undefined
      ? `${provider} rejected its API key; check the key MOTIF_CONFIG gives provider "${provider}"`
      : `${provider} rejected the API key in ${variable}; check that variable holds a valid key`;
  });
}
