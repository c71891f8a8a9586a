import { falDescriptor } from './fal/fal-descriptor.ts';
import { localDescriptor } from './local/local-descriptor.ts';
import { openaiDescriptor } from './openai/openai-descriptor.ts';
import { SERVER_TOKEN_SECRET } from '../contract/settings-schema.ts';
import type { ProviderDescriptor } from './provider-descriptor.ts';
import { runwareDescriptor } from './runware/runware-descriptor.ts';

/**
 * Every kind of provider the app knows, in the default order the router tries
 * them (a provider that runs locally is always the last resort). Adding a
 * provider is its folder plus one line here: see docs/adding-a-provider.md.
 */
export const PROVIDER_DESCRIPTORS = [runwareDescriptor, openaiDescriptor, falDescriptor, localDescriptor] as const;

/** The same list, each entry seen through the general descriptor type. */
export const PROVIDERS = PROVIDER_DESCRIPTORS as readonly ProviderDescriptor[];

/** The descriptor of a kind, or undefined for a kind the app does not know. */
export function providerDescriptor(kind: string): ProviderDescriptor | undefined {
  return PROVIDERS.find((descriptor) => descriptor.kind === kind);
}

/** Names of the secrets the engine keeps: each provider's key, then the local server's token. */
export const SECRET_NAMES: readonly string[] = [
  ...PROVIDERS.flatMap((descriptor) => (descriptor.secret ? [descriptor.secret.name] : [])),
  SERVER_TOKEN_SECRET,
];
