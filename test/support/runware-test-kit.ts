import { afterEach, beforeEach } from 'vitest';
import { RunwareProvider, type RunwareProviderOptions } from '../../src/core/providers/runware/index.ts';
import { startRunwareEmulator, type RunwareEmulator, type RunwareEmulatorOptions } from '../emulators/runware/index.ts';

export interface RunwareTestKit {
  /** This test's emulator (a fresh one per test). */
  emulator(): RunwareEmulator;
  /** A provider pointed at this test's emulator with the kit's key and defaults; closed after the test. */
  provider(overrides?: Partial<RunwareProviderOptions>): RunwareProvider;
}

/**
 * A fresh Runware emulator for each test of the calling file, and providers
 * pointed at it that are closed when the test ends.
 */
export function useRunwareEmulator(
  emulatorOptions: RunwareEmulatorOptions & { readonly apiKey: string },
  providerDefaults: Partial<RunwareProviderOptions> = {},
): RunwareTestKit {
  let current: RunwareEmulator | undefined;
  const providers: RunwareProvider[] = [];
  beforeEach(async () => {
    current = await startRunwareEmulator(emulatorOptions);
  });
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
    await current?.close();
    current = undefined;
  });
  const emulator = (): RunwareEmulator => {
    if (current === undefined) throw new Error('the Runware emulator runs only inside a test');
    return current;
  };
  return {
    emulator,
    provider(overrides = {}) {
      const { wsUrl, restUrl } = emulator();
      const p = new RunwareProvider({
        getApiKey: () => emulatorOptions.apiKey,
        wsUrl,
        apiUrl: restUrl,
        ...providerDefaults,
        ...overrides,
      });
      providers.push(p);
      return p;
    },
  };
}
