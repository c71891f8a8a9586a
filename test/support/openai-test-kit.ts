/*
 * Helpers for the OpenAI adapter's unit tests: a scripted fetch and tiny valid
 * images. Kept out of the provider itself; imported by tests only.
 */

/** The smallest valid PNG / JPEG / WebP headers: enough for format sniffing. */
export const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
export const JPEG_BYTES = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
export const WEBP_BYTES = Uint8Array.from([...Buffer.from('RIFF'), 4, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export interface RecordedCall {
  readonly url: string;
  readonly init: RequestInit;
  readonly body: Record<string, unknown> | undefined;
  readonly headers: Headers;
}

export type FetchHandler = (call: RecordedCall) => Response | Promise<Response>;

/** A fetch that records every call and answers from `handler`. */
export function scriptedFetch(handler: FetchHandler): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      init,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined,
      headers: new Headers(init.headers),
    };
    calls.push(call);
    if (init.signal?.aborted) throw init.signal.reason;
    return handler(call);
  };
  return { fetch: fake as typeof fetch, calls };
}

/** A fetch answer that never comes, rejecting when the request is aborted (as fetch does). */
export function hangingResponse(call: RecordedCall): Promise<Response> {
  return new Promise((_resolve, reject) => {
    call.init.signal?.addEventListener('abort', () => reject(call.init.signal?.reason), { once: true });
  });
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const errorBody = (message: string, type: string, code: string | null = null, param: string | null = null): unknown => ({
  error: { message, type, param, code },
});
