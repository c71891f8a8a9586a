import { EXIT, parseWholeNumber, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { engineCommand } from './engine-command.ts';
import { formatCost } from './format-cost.ts';
import type { MotifApi } from '../core/service/motif-api.ts';

/** `motif library [--search text] [--limit N] [--json] [--check | --repair]`: the newest library entries with their files, or a check of the folder. */
export const libraryCommand = engineCommand({
  name: 'library',
  options: {
    search: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    check: { type: 'boolean' },
    repair: { type: 'boolean' },
  },
  async run({ values, positionals }, engine, io) {
    if (positionals.length > 0) throw usageError(positionals[0] ?? 'arguments', 'library takes no positional arguments; use --search');
    if (values.search !== undefined && values.search.length > 500) throw usageError('--search', 'must be at most 500 characters');
    const limit = parseWholeNumber(values.limit, '--limit', 1, 500) ?? 20;
    if (values.check === true && values.repair === true) throw usageError('--repair', 'give --check or --repair, not both');
    const service = await engine();
    if (values.check === true || values.repair === true)
      return await checkOrRepair(service, io, values.repair === true, values.json === true);
    const page = await service.listLibrary({ limit, ...(values.search ? { text: values.search } : {}) });
    const items = await Promise.all(page.items.map(async (entry) => ({ ...entry, path: await service.imagePath(entry.id) })));
    if (values.json) {
      io.stdout(`${JSON.stringify({ total: page.total, items })}\n`);
      return EXIT.ok;
    }
    if (items.length === 0)
      io.stdout(
        values.search
          ? `No images match "${values.search}".\n`
          : 'The library is empty. Make something: motif generate "confetti and balloons"\n',
      );
    for (const entry of items) {
      const when = new Date(entry.createdAt).toISOString().slice(0, 16).replace('T', ' ');
      const prompt = entry.prompt.length > 60 ? `${entry.prompt.slice(0, 59)}…` : entry.prompt;
      io.stdout(
        `${entry.id}  ${when}  ${entry.provider}/${entry.model}  ${entry.width}x${entry.height}  ${entry.style}  seed ${entry.seed ?? 'unknown'}  cost ${formatCost(entry.costUsd)}${entry.favourite ? '  ★' : ''}\n    "${prompt}"\n    ${entry.path}\n`,
      );
    }
    if (items.length > 0) io.stdout(`${items.length} of ${page.total} in ${service.getSettings().libraryDir}\n`);
    return EXIT.ok;
  },
});

/** `--check` reports what the index does not account for (exit 1 when a repair is needed); `--repair` fixes it, deleting nothing. */
async function checkOrRepair(service: MotifApi, io: CliIo, repair: boolean, json: boolean): Promise<number> {
  const repaired = repair ? await service.repairLibrary() : undefined;
  const check = await service.checkLibrary();
  const dir = service.getSettings().libraryDir;
  if (json) {
    io.stdout(`${JSON.stringify({ libraryDir: dir, ...check, ...(repaired ? { repaired } : {}) })}\n`);
  } else {
    if (repaired)
      io.stdout(
        `Repaired: ${repaired.recovered} image(s) back in the library, ${repaired.setAside} unreadable index line(s) set aside in index-corrupt-lines.jsonl, ${repaired.vectorsLost} lost SVG twin(s) no longer claimed.\n`,
      );
    io.stdout(`Library ${dir}: ${check.entries} entries.\n`);
    if (check.rebuiltFromFiles > 0)
      io.stdout(`  ${check.rebuiltFromFiles} entries were rebuilt from the image files (the index was missing).\n`);
    io.stdout(`  ${check.unreadableLines} index line(s) this version cannot read (kept, not lost)\n`);
    io.stdout(`  ${check.unaccountedImages} image file(s) no entry accounts for (kept, not deleted)\n`);
    io.stdout(`  ${check.missingImages} entr${check.missingImages === 1 ? 'y' : 'ies'} whose image file is missing\n`);
    io.stdout(
      `  ${check.missingVectors} offline design(s) whose SVG twin is missing (the image is fine; print redraws the vector from the seed)\n`,
    );
    if (check.unreadableLines + check.unaccountedImages + check.missingVectors > 0)
      io.stdout('Run "motif library --repair" to bring those images back, set the unreadable lines aside and forget lost SVG twins.\n');
  }
  return check.unreadableLines + check.unaccountedImages + check.missingImages + check.missingVectors > 0 ? EXIT.failure : EXIT.ok;
}
