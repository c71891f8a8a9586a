import { zodErrorToMotifError } from '../errors/zod-error.ts';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MotifError } from '../errors/motif-error.ts';
import { providerDescriptor, PROVIDERS } from '../providers/provider-list.ts';
import { STRATEGIES } from '../router/catalogue.ts';

const name = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'names are lower-case letters, digits and dashes');

const commonProvider = {
  /** Whether the router may use this provider. */
  enabled: z.boolean().default(true),
  /** A key given inline (fine for emulators); prefer `apiKeyEnv` for real keys. */
  apiKey: z.string().min(1).optional(),
  /** Environment variable holding the key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
  /** Concurrent calls to this provider per target. */
  maxConcurrent: z.number().int().min(1).max(256).optional(),
  /** Calls that may wait for a slot before overflowing to the next target. */
  maxQueued: z.number().int().min(0).max(10_000).optional(),
};

const commonProviderSchema = z.object({ type: z.string(), label: z.string().optional(), ...commonProvider });

/** One provider entry: `type` names a provider kind, and the rest are that kind's fields (its descriptor's `configShape`) plus the common ones. */
const providerConfigSchema = z.discriminatedUnion(
  'type',
  PROVIDERS.map((descriptor) =>
    z.strictObject({ ...commonProviderSchema.shape, type: z.literal(descriptor.kind), ...descriptor.configShape }),
  ) as unknown as [typeof commonProviderSchema, ...(typeof commonProviderSchema)[]],
);
/** A parsed entry: the common fields, and the kind's own fields as its descriptor reads them. */
export type ProviderConfig = z.infer<typeof commonProviderSchema> & Readonly<Record<string, unknown>>;

const capabilityOverrides = z
  .strictObject({
    maxImagesPerCall: z.number().int().min(1).max(20).optional(),
    seed: z.boolean().optional(),
    negativePrompt: z.boolean().optional(),
  })
  .optional();

const modelConfigSchema = z.strictObject({
  label: z.string().optional(),
  strategy: z.enum(STRATEGIES).default('priority'),
  targets: z
    .array(
      z.strictObject({
        provider: name,
        model: z.string().min(1),
        priority: z.number().optional(),
        weight: z.number().min(0).optional(),
        /** USD per image; overrides the provider's price table. */
        price: z.number().min(0).optional(),
        capabilities: capabilityOverrides,
      }),
    )
    .min(1),
});

export const motifConfigSchema = z.strictObject({
  providers: z.record(name, providerConfigSchema).default({}),
  models: z.record(z.string().regex(/^[\w.-]{1,64}$/), modelConfigSchema).default({}),
  routing: z
    .strictObject({
      hedging: z.boolean().optional(),
      deadlineMs: z.number().int().min(1000).max(600_000).optional(),
      /** Retries of the same target after its first try. */
      maxRetries: z.number().int().min(0).max(5).optional(),
      breaker: z
        .strictObject({
          failureThreshold: z.number().min(0.05).max(1).optional(),
          windowMs: z.number().int().min(1000).optional(),
          minimumRequests: z.number().int().min(1).optional(),
          consecutiveFailures: z.number().int().min(1).optional(),
          cooldownMs: z.number().int().min(50).optional(),
          maxCooldownMs: z.number().int().min(50).optional(),
          halfOpenProbes: z.number().int().min(1).max(10).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type MotifConfig = z.infer<typeof motifConfigSchema>;

/** Parses a config file's text; YAML is a superset of JSON, so one parser reads both. */
export function parseMotifConfig(text: string, source = 'MOTIF_CONFIG'): MotifConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new MotifError('invalid_request', { param: source, message: `${source} is not valid YAML or JSON: ${(error as Error).message}` });
  }
  const parsed = motifConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw zodErrorToMotifError(parsed.error, { root: source, subject: source });
  }
  for (const [alias, model] of Object.entries(parsed.data.models)) {
    for (const target of model.targets) {
      if (!parsed.data.providers[target.provider] && !providerDescriptor(target.provider)) {
        throw new MotifError('invalid_request', {
          param: `${source}:models.${alias}`,
          message: `${source}: model ${alias} names unknown provider ${target.provider}`,
        });
      }
    }
  }
  return parsed.data;
}

export async function loadMotifConfig(path: string): Promise<MotifConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MotifError('invalid_request', {
      param: 'MOTIF_CONFIG',
      message: `Cannot read MOTIF_CONFIG file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    });
  }
  return parseMotifConfig(text, 'MOTIF_CONFIG');
}
