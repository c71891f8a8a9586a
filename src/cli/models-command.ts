import { MODEL_ARCHITECTURES, MODEL_CATEGORIES } from '../core/contract/model-catalogue-limits.ts';
import type { CatalogueModelsPage, ModelSearchQuery, PinnedModel } from '../core/contract/model-catalogue.ts';
import { EXIT, usageError } from './cli-errors.ts';
import { formatCost } from './format-cost.ts';
import { engineCommand } from './engine-command.ts';

/**
 * `motif models search <text> [--category lora] [--arch flux1d] [--json]`:
 * the model catalogue; `motif models pin|unpin <id>`; `motif models` lists
 * the pinned models.
 */
export const modelsCommand = engineCommand({
  name: 'models',
  options: {
    category: { type: 'string' },
    arch: { type: 'string' },
    tag: { type: 'string', multiple: true },
    limit: { type: 'string' },
    offset: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, engine, io) {
    const [action, ...rest] = positionals;
    if (action !== undefined && action !== 'search' && action !== 'pin' && action !== 'unpin')
      throw usageError(action, 'the action must be search, pin or unpin');
    const query = action === 'search' ? searchQuery(rest.join(' '), values) : undefined;
    if ((action === 'pin' || action === 'unpin') && rest.length !== 1) throw usageError(action, `give the id of one model to ${action}`);
    const service = await engine();
    if (query !== undefined) {
      const page = await service.searchModels(query);
      if (page.offline) io.stderr(`${page.offline.message}\n`);
      io.stdout(values.json ? `${JSON.stringify(page)}\n` : formatPage(page));
      return EXIT.ok;
    }
    const pinned =
      action === 'pin'
        ? await service.pinModel(rest[0]!)
        : action === 'unpin'
          ? await service.unpinModel(rest[0]!)
          : service.getSettings().settings.pinnedModels;
    io.stdout(values.json ? `${JSON.stringify({ pinned })}\n` : formatPinned(pinned));
    return EXIT.ok;
  },
});

function searchQuery(
  text: string,
  values: { category?: string; arch?: string; tag?: string[]; limit?: string; offset?: string },
): ModelSearchQuery {
  const { category, arch } = values;
  if (category !== undefined && !(MODEL_CATEGORIES as readonly string[]).includes(category))
    throw usageError('--category', `one of ${MODEL_CATEGORIES.join(', ')}`);
  if (arch !== undefined && !(MODEL_ARCHITECTURES as readonly string[]).includes(arch)) {
    const family = MODEL_ARCHITECTURES.filter((a) => a.startsWith(arch.toLowerCase()));
    throw usageError(
      '--arch',
      family.length > 0 ? `name one architecture: ${family.join(', ')}` : `one of ${MODEL_ARCHITECTURES.join(', ')}`,
    );
  }
  const count = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value)) throw usageError(flag, 'a whole number');
    return Number(value);
  };
  const limit = count('--limit', values.limit);
  const offset = count('--offset', values.offset);
  return {
    ...(text.trim() === '' ? {} : { search: text.trim() }),
    ...(category === undefined ? {} : { category: category as ModelSearchQuery['category'] }),
    ...(arch === undefined ? {} : { architecture: arch as ModelSearchQuery['architecture'] }),
    ...(values.tag === undefined ? {} : { tags: values.tag }),
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
  };
}

function formatPage(page: CatalogueModelsPage): string {
  if (page.models.length === 0) return 'No models match.\n';
  const lines = page.models.map((m) => {
    const marks = [m.builtIn ? 'built in' : '', m.pinned ? 'pinned' : ''].filter(Boolean).join(', ');
    const price = m.pricePerImageUsd === undefined ? 'price unknown' : `${formatCost(m.pricePerImageUsd)}/image`;
    return `${m.air.padEnd(24)} ${m.name}  [${[m.category, m.architecture].filter(Boolean).join(', ')}]  ${price}${marks ? `  (${marks})` : ''}`;
  });
  const shown = `${page.offset + 1}–${page.offset + page.models.length} of ${page.total}`;
  const from = page.source === 'cache' ? ' (cached)' : page.source === 'offline' ? ' (offline)' : '';
  return `${lines.join('\n')}\n${shown}${from}\n`;
}

function formatPinned(pinned: readonly PinnedModel[]): string {
  if (pinned.length === 0) return 'No pinned models. Find some with: motif models search <text>\n';
  return `${pinned.map((m) => `${m.air.padEnd(24)} ${m.name}  [${m.category}]`).join('\n')}\n`;
}
