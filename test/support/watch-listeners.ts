/**
 * Wraps a signal's add/removeEventListener so a test can see how many
 * listeners were added and removed, and how many abort listeners are still
 * attached — the measure of a leak on a long-lived signal.
 */
export function watchListeners(signal: AbortSignal): { readonly added: number; readonly removed: number; readonly live: number } {
  let added = 0;
  let removed = 0;
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions | boolean) => {
    added += 1;
    if (type === 'abort') live.add(listener);
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: EventListenerOptions | boolean) => {
    removed += 1;
    if (type === 'abort') live.delete(listener);
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return {
    get added() {
      return added;
    },
    get removed() {
      return removed;
    },
    get live() {
      return live.size;
    },
  };
}
