import { z } from 'zod';
import { settingsPatchSchema as crossingPatchSchema, settingsSchema as crossingSettingsSchema } from '../contract/settings-schema.ts';
import type { ProviderDescriptor } from '../providers/provider-descriptor.ts';
import { PROVIDERS, type PROVIDER_DESCRIPTORS } from '../providers/provider-list.ts';

type Descriptors = typeof PROVIDER_DESCRIPTORS;
type SectionOf<D> = D extends ProviderDescriptor<string, infer Shape> ? z.ZodDefault<z.ZodObject<Shape>> : never;
type PatchOf<D> =
  D extends ProviderDescriptor<string, infer Shape> ? z.ZodOptional<z.ZodObject<{ [K in keyof Shape]: z.ZodOptional<Shape[K]> }>> : never;
type ProvidersShape = { [D in Descriptors[number] as D['kind']]: SectionOf<D> };
type ProvidersPatchShape = { [D in Descriptors[number] as D['kind']]: PatchOf<D> };

/** Each provider's settings section, from its descriptor, with its defaults. */
const providersSchema = z.object(
  Object.fromEntries(PROVIDERS.map((d) => [d.kind, d.settingsSchema.default(d.settingsSchema.parse({}))])) as unknown as ProvidersShape,
);

/**
 * The engine's settings: the shape that crosses to the UI, with each
 * provider's section checked against its descriptor's schema. The default
 * provider order is the descriptor list's order.
 */
export const settingsSchema = crossingSettingsSchema.extend({
  providerOrder: crossingSettingsSchema.shape.providerOrder.unwrap().default(PROVIDERS.map((d) => d.kind)),
  providers: providersSchema.default(providersSchema.parse({})),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: the crossing shape, with each provider's changed fields checked strictly against its schema. */
export const settingsPatchSchema = crossingPatchSchema.extend({
  providers: z
    .strictObject(
      Object.fromEntries(PROVIDERS.map((d) => [d.kind, d.settingsSchema.partial().strict().optional()])) as unknown as ProvidersPatchShape,
    )
    .optional(),
});

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
