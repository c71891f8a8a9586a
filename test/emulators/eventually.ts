/**
 * Polls until `check` holds. Emulators run in the test's own process, so a
 * request a test gave up on may be read later, and take the next test's
 * scripted fault: tests wait for the emulator to have seen it first.
 */
export async function eventually(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
