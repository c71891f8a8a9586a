import type { IncomingMessage } from 'node:http';

/** How long, and how many bytes, the server keeps reading a body it has already answered. */
export interface LingerLimits {
  readonly maxMs: number;
  readonly maxBytes: number;
}

/**
 * Reads and discards the rest of a request body the server answered early
 * (413, a wrong token, a malformed body). Closing the socket with unread bytes
 * makes the kernel reset the connection, and a client still uploading (many
 * clients only read the answer once they have sent everything) would lose the
 * answer with it. This is the "lingering close" of nginx and Apache: the
 * connection stays open while the client finishes, within limits; past them
 * the socket is closed.
 */
export function drainAnsweredRequest(raw: IncomingMessage, limits: LingerLimits): void {
  if (raw.complete) return;
  let seen = 0;
  const cleanup = (): void => {
    clearTimeout(timer);
    raw.off('data', onData);
    raw.off('end', cleanup);
    raw.off('close', cleanup);
  };
  const giveUp = (): void => {
    cleanup();
    raw.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > limits.maxBytes) giveUp();
  };
  const timer = setTimeout(giveUp, limits.maxMs);
  timer.unref();
  raw.on('data', onData);
  raw.once('end', cleanup);
  raw.once('close', cleanup);
  raw.resume();
}
