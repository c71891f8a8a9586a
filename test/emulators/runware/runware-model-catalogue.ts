/**
 * The emulator's model catalogue: a fixed, realistic set of Runware and
 * Civitai models (AIR ids, names, versions, categories, architectures, tags,
 * sampling defaults). Invented for tests; the shapes follow Runware's
 * `modelSearch` results (runware-api.md §4.4) and the SDK's `TModel`.
 */

export interface EmulatedModel {
  readonly air: string;
  readonly name: string;
  readonly version: string;
  readonly category: 'checkpoint' | 'lora' | 'lycoris' | 'controlnet' | 'vae' | 'embeddings';
  readonly architecture: string;
  readonly tags: readonly string[];
  readonly type?: string;
  readonly defaultWidth?: number;
  readonly defaultHeight?: number;
  readonly defaultSteps?: number;
  readonly defaultCFG?: number;
  readonly defaultScheduler?: string;
  readonly conditioning?: string;
  readonly positiveTriggerWords?: string;
  /** USD per image the emulator charges (`includeCost`); the catalogue itself carries no price, as Runware's does not. */
  readonly costUsd?: number;
  /** No preview image (some community models have none). */
  readonly noPreview?: boolean;
}

type Checkpoint = Omit<EmulatedModel, 'category'>;

const flux = (air: string, name: string, version: string, tags: string[], extra: Partial<Checkpoint> = {}): EmulatedModel => ({
  air,
  name,
  version,
  category: 'checkpoint',
  architecture: extra.architecture ?? 'flux1d',
  tags,
  type: 'base',
  defaultWidth: 1024,
  defaultHeight: 1024,
  defaultSteps: extra.architecture === 'flux1s' ? 4 : 28,
  defaultCFG: extra.architecture === 'flux1s' ? 1 : 3.5,
  defaultScheduler: 'FlowMatchEulerDiscreteScheduler',
  ...extra,
});

const sdxl = (air: string, name: string, version: string, tags: string[], extra: Partial<Checkpoint> = {}): EmulatedModel => ({
  air,
  name,
  version,
  category: 'checkpoint',
  architecture: extra.architecture ?? 'sdxl',
  tags,
  type: 'base',
  defaultWidth: 1024,
  defaultHeight: 1024,
  defaultSteps: 30,
  defaultCFG: 7,
  defaultScheduler: 'DPM++ 2M Karras',
  ...extra,
});

const lora = (
  air: string,
  name: string,
  architecture: string,
  tags: string[],
  trigger: string,
  extra: Partial<EmulatedModel> = {},
): EmulatedModel => ({
  air,
  name,
  version: extra.version ?? 'v1.0',
  category: 'lora',
  architecture,
  tags,
  positiveTriggerWords: trigger,
  ...extra,
});

export const EMULATED_MODELS: readonly EmulatedModel[] = [
  flux('runware:100@1', 'FLUX.1 schnell', '1.0', ['flux', 'fast', 'general'], { architecture: 'flux1s', costUsd: 0.0013 }),
  flux('runware:101@1', 'FLUX.1 dev', '1.0', ['flux', 'general', 'photorealistic'], { costUsd: 0.0038 }),
  flux('runware:97@2', 'FLUX.1 dev fp8', '2.0', ['flux', 'general', 'fp8'], { costUsd: 0.0032 }),
  flux('civitai:618692@691639', 'Flux Party Poster', 'v2.1', ['flux', 'poster', 'party', 'typography'], { costUsd: 0.0041 }),
  flux('civitai:645943@722620', 'Festive Flux Illustrations', 'v1.3', ['flux', 'illustration', 'festive', 'holiday']),
  flux('civitai:702412@786420', 'Pastel Dream Flux', 'v1.0', ['flux', 'pastel', 'baby shower', 'soft']),
  flux('civitai:733119@819894', 'Flux Sticker Maker', 'v3', ['flux', 'sticker', 'die-cut', 'cartoon'], { architecture: 'flux1s' }),
  sdxl('civitai:133005@782002', 'Juggernaut XL', 'Ragnarok', ['sdxl', 'photorealistic', 'general'], { costUsd: 0.0026 }),
  sdxl('civitai:101055@128078', 'SDXL Base 1.0', '1.0', ['sdxl', 'base', 'general'], { costUsd: 0.0022 }),
  sdxl('civitai:112902@351306', 'DreamShaper XL', 'Turbo DPM++ SDE', ['sdxl', 'fantasy', 'illustration', 'turbo'], {
    architecture: 'sdxlturbo',
    defaultSteps: 8,
    defaultCFG: 2,
  }),
  sdxl('civitai:139562@297320', 'RealVisXL', 'V4.0', ['sdxl', 'photorealistic', 'portrait']),
  sdxl('civitai:269232@443821', 'Party Confetti XL', 'v1.2', ['sdxl', 'party', 'confetti', 'celebration']),
  sdxl('civitai:288584@324524', 'Paper Craft XL', 'v2', ['sdxl', 'papercraft', 'cut paper', 'decoration']),
  sdxl('civitai:257749@290640', 'Pony Diffusion V6 XL', 'V6', ['pony', 'anime', 'cartoon'], { architecture: 'pony', defaultCFG: 6 }),
  sdxl('civitai:4384@128713', 'DreamShaper', '8', ['sd1.5', 'illustration', 'general'], {
    architecture: 'sd1x',
    defaultWidth: 512,
    defaultHeight: 512,
    defaultSteps: 25,
  }),
  sdxl('civitai:4201@130072', 'Realistic Vision', 'V6.0 B1', ['sd1.5', 'photorealistic'], {
    architecture: 'sd1x',
    defaultWidth: 512,
    defaultHeight: 512,
    noPreview: true,
  }),
  sdxl('runware:5@1', 'Stable Diffusion 3 Medium', '1.0', ['sd3', 'general', 'typography'], { architecture: 'sd3', defaultCFG: 4.5 }),
  lora('civitai:652699@730219', 'Balloon Arch', 'flux1d', ['balloons', 'party', 'decoration'], 'balloon arch'),
  lora('civitai:660112@738795', 'Confetti Burst', 'flux1d', ['confetti', 'party', 'celebration'], 'confetti burst'),
  lora('civitai:671245@751233', 'Watercolor Wash', 'flux1d', ['watercolor', 'painting', 'soft'], 'watercolor wash'),
  lora('civitai:684420@765987', 'Paper Cut Layers', 'flux1d', ['papercraft', 'cut paper', 'layered'], 'paper cut style'),
  lora('civitai:690077@772301', 'Kawaii Stickers', 'flux1d', ['sticker', 'kawaii', 'cute', 'cartoon'], 'kawaii sticker'),
  lora('civitai:700311@783526', 'Vintage Circus Poster', 'flux1d', ['vintage', 'poster', 'circus', 'retro'], 'vintage circus poster'),
  lora('civitai:711883@796204', 'Gold Foil Lettering', 'flux1d', ['typography', 'gold', 'wedding', 'lettering'], 'gold foil lettering'),
  lora('civitai:715400@800177', 'Boho Wedding Florals', 'flux1d', ['wedding', 'floral', 'boho'], 'boho florals'),
  lora('civitai:720050@805362', 'Neon Birthday', 'flux1s', ['birthday', 'neon', 'glow'], 'neon birthday sign'),
  lora('civitai:724993@810934', 'Christmas Knit', 'flux1s', ['holiday', 'christmas', 'knit', 'pattern'], 'knitted christmas pattern'),
  lora('civitai:247778@279373', 'Papercut XL', 'sdxl', ['papercraft', 'cut paper'], 'papercut'),
  lora('civitai:122359@135867', 'Detail Tweaker XL', 'sdxl', ['detail', 'tool'], '', { version: '1.0' }),
  lora('civitai:128568@140535', 'Watercolor XL', 'sdxl', ['watercolor', 'painting'], 'watercolor'),
  lora('civitai:133461@146698', 'Sticker Sheet XL', 'sdxl', ['sticker', 'die-cut'], 'sticker sheet, white border'),
  lora('civitai:58390@62833', 'Detail Tweaker', 'sd1x', ['detail', 'tool'], '', { version: 'v1.0', noPreview: true }),
  lora('civitai:43814@48434', 'Baby Shower Pastels', 'sd1x', ['baby shower', 'pastel'], 'pastel baby shower'),
  {
    air: 'runware:25@1',
    name: 'Canny ControlNet SDXL',
    version: '1.0',
    category: 'controlnet',
    architecture: 'sdxl',
    tags: ['controlnet', 'edges'],
    conditioning: 'canny',
  },
  {
    air: 'runware:26@1',
    name: 'Depth ControlNet SDXL',
    version: '1.0',
    category: 'controlnet',
    architecture: 'sdxl',
    tags: ['controlnet', 'depth'],
    conditioning: 'depth',
  },
  { air: 'civitai:296576@333760', name: 'SDXL VAE fp16 fix', version: '1.0', category: 'vae', architecture: 'sdxl', tags: ['vae'] },
  {
    air: 'civitai:7808@9208',
    name: 'EasyNegative',
    version: '1.0',
    category: 'embeddings',
    architecture: 'sd1x',
    tags: ['negative', 'embedding'],
  },
];

export const EMULATED_MODEL_BY_AIR: ReadonlyMap<string, EmulatedModel> = new Map(EMULATED_MODELS.map((m) => [m.air, m]));

/** Per-model prices the emulator charges, keyed by AIR (the catalogue's `costUsd`). */
export const EMULATED_MODEL_COSTS: Readonly<Record<string, number>> = Object.fromEntries(
  EMULATED_MODELS.filter((m) => m.costUsd !== undefined).map((m) => [m.air, m.costUsd as number]),
);
