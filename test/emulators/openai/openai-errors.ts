import { jsonReply, type HttpReply } from '../emulator-http.ts';
import type { Fault } from '../faults.ts';

/** The body of every OpenAI error: `{error:{message,type,param,code}}`. */
interface OpenAIErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

export function openAIError(
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
  headers: Record<string, string> = {},
): HttpReply {
  const body: OpenAIErrorBody = { error: { message, type, param, code } };
  return jsonReply(status, body, headers);
}

export const invalidRequest = (message: string, param: string | null, code: string | null = 'invalid_value'): HttpReply =>
  openAIError(400, message, 'invalid_request_error', param, code);

/** Masks a key the way the real API does in its 401 message: a few characters each end. */
function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;
}

export function incorrectKey(key: string): HttpReply {
  return openAIError(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}

export const missingKey = (): HttpReply =>
  openAIError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    'invalid_request_error',
  );

/** The error reply a `status` or `runware-error` fault stands for, shaped as the real API's. */
export function faultReply(fault: Fault, key: string): HttpReply | undefined {
  if (fault.kind === 'runware-error')
    return openAIError(500, fault.message ?? `Upstream error: ${fault.code}`, 'server_error', null, fault.code);
  if (fault.kind !== 'status') return undefined;
  const retry: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  const code = fault.code;
  switch (fault.status) {
    case 400:
      return code === 'content_policy_violation'
        ? openAIError(
            400,
            'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
            'image_generation_user_error',
            null,
            code,
          )
        : openAIError(400, 'Invalid request.', 'invalid_request_error', null, code ?? null);
    case 401:
      return code === undefined ? incorrectKey(key) : openAIError(401, 'Unauthorized.', 'invalid_request_error', null, code);
    case 402:
      return openAIError(402, 'Billing hard limit has been reached.', 'insufficient_quota', null, code ?? 'billing_hard_limit_reached');
    case 403:
      return openAIError(403, 'You are not allowed to use this model.', 'invalid_request_error', null, code ?? 'permission_denied');
    case 429:
      return code === 'insufficient_quota'
        ? openAIError(
            429,
            'You exceeded your current quota, please check your plan and billing details.',
            'insufficient_quota',
            null,
            code,
            retry,
          )
        : openAIError(
            429,
            'Rate limit reached for images per minute. Please try again later.',
            'requests',
            null,
            code ?? 'rate_limit_exceeded',
            retry,
          );
    case 500:
      return openAIError(
        500,
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
        code ?? null,
        retry,
      );
    case 503:
      return openAIError(503, 'The engine is currently overloaded, please try again later.', 'server_error', null, code ?? null, retry);
    case 504:
      return openAIError(504, 'Gateway timeout.', 'server_error', null, code ?? null, retry);
  }
}
