import { z } from 'zod';
import type { ImageProvider, ProviderEventSink } from '../contract/image-provider.ts';
import type { PinnedModel } from '../contract/model-catalogue.ts';
import type { Clock } from '../util/clock.ts';
import type { Random } from '../util/random.ts';
import type { IMAGE_TASK_KINDS } from '../contract/request-limits.ts';

/**
 * Tasks a kind of provider can take: generating, and the image tools
 * (`IMAGE_TASK_KINDS`). An instance lists what it runs in `tasks()`, which the
 * router reads; this list is what help and settings show, and an instance never
 * claims a tool its descriptor does not (provider-list.test.ts checks).
 */
type ProviderTask = 'generate' | (typeof IMAGE_TASK_KINDS)[number];

/** An endpoint a setting may point at: http(s) or ws(s). */
export const endpointUrl = z.url({ protocol: /^(https?|wss?)$/ });

/** The settings every provider has: whether the router may use it. Keys live in the SecretStore, never here. */
export const baseProviderSettings = { enabled: z.boolean().default(true) };

/** The fields every provider's settings carry. */
export type ProviderSettingsShape = { readonly enabled: z.ZodDefault<z.ZodBoolean> } & z.ZodRawShape;

/** What `create()` gets: the instance's id and options, its key, and the engine's shared services. */
interface ProviderCreateContext<Options> {
  /** The instance name: the kind for the built-in instance (`runware`), or a `MOTIF_CONFIG` name (`primary`). */
  readonly id: string;
  /** True for the built-in instance, configured from Settings (environment overrides apply to it). */
  readonly builtIn: boolean;
  /** The instance's options: Settings for the built-in one, its `MOTIF_CONFIG` entry otherwise. */
  readonly options: Options;
  /** A label `MOTIF_CONFIG` gave the instance, if any. */
  readonly label: string | undefined;
  /** Reads the key on every call, so a new key applies at once. */
  readonly getApiKey: () => string | undefined;
  /** The designer's pinned catalogue models for this instance, read on every call (a provider that searches models offers them). */
  readonly pinnedModels: () => readonly PinnedModel[];
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly random: Random;
  readonly emit: ProviderEventSink;
}

/** A model alias the provider adds to the catalogue, e.g. `flux-dev` → `runware:101@1`. */
interface ProviderAlias {
  readonly alias: string;
  readonly label: string;
  readonly model: string;
}

/**
 * Everything the app knows about one kind of provider, in one place. Settings,
 * `MOTIF_CONFIG`, secrets and their environment variables, the CLI's key hints
 * and help, the settings screen and the navigation allow-list are all derived
 * from the list of descriptors (`provider-list.ts`), so a new provider is its
 * folder plus one line there. See docs/adding-a-provider.md.
 */
export interface ProviderDescriptor<
  Kind extends string = string,
  Shape extends ProviderSettingsShape = ProviderSettingsShape,
  ConfigShape extends z.ZodRawShape = z.ZodRawShape,
> {
  readonly kind: Kind;
  /** The name designers see: "Runware". */
  readonly label: string;
  /** One sentence for the settings screen; `undefined` shows the model count instead. */
  readonly note: string | undefined;
  /** Settings for the built-in instance (base URL, options), with defaults; stored under `settings.providers[kind]`. */
  readonly settingsSchema: z.ZodObject<Shape>;
  /** Extra fields a `MOTIF_CONFIG` provider of this type may carry (besides `enabled`, `apiKey`, `apiKeyEnv`, `label`, limits). */
  readonly configShape: ConfigShape;
  /** Where the key lives: its secret name in the app's key store and its environment variable headless; `undefined` needs no key. */
  readonly secret: { readonly name: string; readonly env: string } | undefined;
  /** Environment variables that point the built-in instance elsewhere (e.g. at an emulator), for `motif --help`. */
  readonly envOverrides: readonly { readonly name: string; readonly description: string }[];
  /** The model the `default` route uses when the instance offers it. */
  defaultModel(options: Partial<z.output<z.ZodObject<ConfigShape>>>): string;
  /** Catalogue aliases this provider serves. */
  readonly aliases: readonly ProviderAlias[];
  /** Tasks it supports. */
  readonly capabilities: readonly ProviderTask[];
  /** Key hints: where a designer gets a key (opened by the app menu), and what a rejected key usually means. */
  readonly keyHelp: { readonly url: string; readonly hint: string } | undefined;
  /** Hosts its API traffic goes to by default, and hosts the app may open in the browser (the navigation allow-list). */
  readonly hosts: { readonly api: readonly string[]; readonly links: readonly string[] };
  /** Draws on this computer: no key, no network; the last resort of the `default` route. */
  readonly runsLocally: boolean;
  /** The endpoints an instance talks to (its options, else the environment overrides); with the key they make its identity, so a changed URL starts its breakers fresh. */
  endpoints(
    context: Pick<
      ProviderCreateContext<Partial<z.output<z.ZodObject<Shape>>> & Partial<z.output<z.ZodObject<ConfigShape>>>>,
      'builtIn' | 'options' | 'env'
    >,
  ): readonly (string | undefined)[];
  /** Builds one instance. `options` were parsed with `settingsSchema` (built-in) or the config schema (`MOTIF_CONFIG`). */
  create(
    context: ProviderCreateContext<Partial<z.output<z.ZodObject<Shape>>> & Partial<z.output<z.ZodObject<ConfigShape>>>>,
  ): ImageProvider;
}

/** Declares a descriptor with its types inferred, so the list keeps each provider's settings type. */
export function defineProvider<Kind extends string, Shape extends ProviderSettingsShape, ConfigShape extends z.ZodRawShape>(
  descriptor: ProviderDescriptor<Kind, Shape, ConfigShape>,
): ProviderDescriptor<Kind, Shape, ConfigShape> {
  return descriptor;
}
