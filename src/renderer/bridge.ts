import type { MotifBridge } from '../shared/motif-bridge.ts';

/** The renderer's whole API. Read lazily so tests and the preload can install it first. */
export function motif(): MotifBridge {
  return window.motif;
}

/**
 * What the UI shows for a rejected call: the registered user message, never a
 * stack or an internal message.
 */
export function userMessageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'userMessage' in error) {
    const message = (error as { userMessage: unknown }).userMessage;
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return 'Something went wrong inside Motif.';
}
