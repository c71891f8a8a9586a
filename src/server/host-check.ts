/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

const HOST_HEADER = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The host name of a `Host` header without its port, or undefined when the header is malformed. */
function hostName(header: string): string | undefined {
  if (!HOST_HEADER.test(header)) return undefined;
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.replace(/:\d+$/, '');
}

/**
 * Decides whether to serve a request given its `Host` header. A server bound to
 * loopback only answers requests addressed to a loopback name, so a web page
 * cannot reach it through DNS rebinding. A missing header (HTTP/1.0) is allowed.
 */
export function hostAllowed(header: string | undefined, boundToLoopback: boolean): boolean {
  if (header === undefined) return true;
  const name = hostName(header);
  if (name === undefined) return false;
  return !boundToLoopback || isLoopbackAddress(name);
}

/** The origin used in image URLs: the client's `Host` when well-formed, else the bound address. */
export function baseUrlFor(header: string | undefined, fallback: string): string {
  return header !== undefined && hostName(header) !== undefined ? `http://${header}` : fallback;
}
