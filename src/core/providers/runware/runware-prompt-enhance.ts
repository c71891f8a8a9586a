import { z } from 'zod';
import { MotifError } from '../../errors/index.ts';
import type { RunwareDataItem, RunwareTaskPayload } from './runware-protocol.ts';

/** Limits of Runware's `promptEnhance` (runware-api.md §4.1). */
const PROMPT_ENHANCE_LIMITS = {
  promptMaxChars: 300,
  minVersions: 1,
  maxVersions: 5,
  minMaxLength: 12,
  maxMaxLength: 400,
  defaultMaxLength: 380,
} as const;

export interface PromptEnhanceOptions {
  /** How many alternative prompts to get back (1–5). */
  readonly versions: number;
  /** Longest enhanced prompt, in tokens (12–400; default 380). */
  readonly maxLength?: number | undefined;
  readonly signal: AbortSignal;
  /** Epoch ms on the provider's clock. */
  readonly deadline: number;
}

/** Builds the task; clips the prompt to Runware's 300 characters and checks the counts. */
export function buildPromptEnhanceTask(prompt: string, options: PromptEnhanceOptions, taskUUID: string): RunwareTaskPayload {
  const { minVersions, maxVersions, promptMaxChars, minMaxLength, maxMaxLength, defaultMaxLength } = PROMPT_ENHANCE_LIMITS;
  if (!Number.isInteger(options.versions) || options.versions < minVersions || options.versions > maxVersions) {
    throw new MotifError('invalid_request', {
      param: 'versions',
      message: `versions must be a whole number from ${minVersions} to ${maxVersions}`,
    });
  }
  const clipped = prompt.trim().slice(0, promptMaxChars);
  if (clipped === '') throw new MotifError('invalid_request', { param: 'prompt', message: 'prompt must not be empty' });
  const maxLength = Math.min(maxMaxLength, Math.max(minMaxLength, Math.round(options.maxLength ?? defaultMaxLength)));
  return { taskType: 'promptEnhance', taskUUID, prompt: clipped, promptVersions: options.versions, promptMaxLength: maxLength };
}

const enhancedItemSchema = z.object({ text: z.string().min(1) });

/** Reads the enhanced prompts; an item without text is `upstream_malformed`. */
export function readEnhancedPrompts(items: readonly RunwareDataItem[], provider: string): string[] {
  return items.map((item) => {
    const parsed = enhancedItemSchema.safeParse(item);
    if (!parsed.success)
      throw new MotifError('upstream_malformed', {
        provider,
        message: 'Runware sent a prompt enhancement without text',
        upstream: { provider },
      });
    return parsed.data.text;
  });
}
