/**
 * A library that looks like a designer's: real offline-engine designs for a
 * dozen occasions in every product layout and several shapes, made over the
 * past two weeks, with favourites, tags and projects. Used by
 * `npm run screenshots` (the README's pictures) and the gallery scroll bench
 * (as the real images behind its many index lines).
 */
import type { StyleId } from '../src/core/contract/styles.ts';
import type { HistoryEntry } from '../src/core/contract/history-entry.ts';
import { createMotifService } from '../src/core/service/create-motif-service.ts';
import { MemorySecretStore, MemorySettingsStore } from '../src/core/settings/settings-store.ts';
import { systemClock, type Clock } from '../src/core/util/clock.ts';

const DAY_MS = 24 * 60 * 60_000;

/** The words that make the offline engine choose each layout (as in scripts/render-examples.ts). */
const LAYOUT_WORDS = {
  scene: 'party backdrop',
  invitation: 'invitation',
  poster: 'poster',
  bunting: 'banner',
  sticker: 'cupcake topper',
  pattern: 'wrapping paper',
  'table-card': 'table card',
} as const;
type Layout = keyof typeof LAYOUT_WORDS;

/** The shape each layout is usually made at. */
const LAYOUT_SIZES: Readonly<Record<Layout, string>> = {
  scene: '1024x640',
  invitation: '640x896',
  poster: '768x1024',
  bunting: '1536x512',
  sticker: '640x640',
  pattern: '768x768',
  'table-card': '896x640',
};

interface Occasion {
  readonly headline: string;
  readonly subject: string;
  readonly style: StyleId;
  readonly layouts: readonly Layout[];
  /** How many days ago the designer made these. */
  readonly daysAgo: number;
  readonly project?: string;
  readonly tags?: readonly string[];
}

const OCCASIONS: readonly Occasion[] = [
  {
    headline: 'Happy 5th Birthday Emma',
    subject: 'dinosaur',
    style: 'birthday',
    layouts: ['invitation', 'bunting', 'sticker', 'scene', 'pattern', 'table-card'],
    daysAgo: 1,
    project: "Emma's 5th",
    tags: ['kids'],
  },
  {
    headline: 'Anna & Ben',
    subject: 'wedding rings and doves',
    style: 'wedding',
    layouts: ['invitation', 'table-card', 'poster', 'bunting', 'scene'],
    daysAgo: 2,
    project: 'Smith wedding',
    tags: ['gold'],
  },
  { headline: 'Aloha Party', subject: 'tropical luau pineapple', style: 'party', layouts: ['poster', 'bunting', 'pattern'], daysAgo: 2 },
  {
    headline: 'Spooky Night',
    subject: 'halloween pumpkins and ghosts',
    style: 'party',
    layouts: ['poster', 'bunting', 'sticker', 'pattern'],
    daysAgo: 4,
    project: 'Halloween at the Parks',
  },
  {
    headline: 'Oh Baby',
    subject: 'baby shower ducks',
    style: 'baby-shower',
    layouts: ['invitation', 'sticker', 'bunting', 'table-card'],
    daysAgo: 5,
    tags: ['pastel'],
  },
  {
    headline: 'Lily is 7',
    subject: 'unicorn rainbow',
    style: 'baby-shower',
    layouts: ['scene', 'poster', 'sticker'],
    daysAgo: 6,
    tags: ['kids'],
  },
  {
    headline: 'Class of 2026',
    subject: 'graduation cap and books',
    style: 'minimal',
    layouts: ['poster', 'table-card', 'bunting'],
    daysAgo: 8,
  },
  {
    headline: 'Happy Diwali',
    subject: 'diwali lamps and fireworks',
    style: 'party',
    layouts: ['invitation', 'scene', 'pattern'],
    daysAgo: 9,
  },
  { headline: 'Go Tigers', subject: 'football team trophy', style: 'party', layouts: ['bunting', 'sticker'], daysAgo: 11 },
  {
    headline: 'Merry Christmas',
    subject: 'christmas tree and presents',
    style: 'holiday',
    layouts: ['invitation', 'pattern', 'poster'],
    daysAgo: 13,
  },
];

/** A clock that can be set back to a moment and runs on from there, so designs carry the dates a designer would have made them on. */
function datedClock(): Clock & { setTo(at: number): void } {
  let offsetMs = 0;
  return {
    setTo: (at) => void (offsetMs = at - systemClock.now()),
    now: () => systemClock.now() + offsetMs,
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
  };
}

/** Local midnight `daysAgo` days back, plus `minutes`. */
function dayAt(daysAgo: number, minutes: number): number {
  const day = new Date(systemClock.now() - daysAgo * DAY_MS);
  day.setHours(0, 0, 0, 0);
  return day.getTime() + minutes * 60_000;
}

export interface ShowcaseLibrary {
  /** Every design made, newest first. */
  readonly entries: readonly HistoryEntry[];
  /** Entry ids by project name. */
  readonly projects: ReadonlyMap<string, readonly string[]>;
}

/**
 * Fills `dataDir`'s library with the showcase designs (offline engine, fixed
 * seeds), files them into projects, tags and favourites some. Returns what it
 * made. `limit` stops after that many designs (the bench needs only a few).
 */
export async function makeShowcaseLibrary(dataDir: string, limit = Infinity): Promise<ShowcaseLibrary> {
  const clock = datedClock();
  const service = await createMotifService({
    dataDir,
    clock,
    settingsStore: new MemorySettingsStore({ firstRunDone: true }),
    secretStore: new MemorySecretStore({}),
    env: {},
  });
  const entries: HistoryEntry[] = [];
  const projects = new Map<string, string[]>();
  try {
    // Oldest first, so each day's designs are in the order they were made.
    for (const [o, occasion] of [...OCCASIONS.entries()].reverse()) {
      const made: HistoryEntry[] = [];
      for (const [l, layout] of occasion.layouts.entries()) {
        if (entries.length + made.length >= limit) break;
        // Mornings and afternoons, a few minutes between designs.
        clock.setTo(dayAt(occasion.daysAgo, 9 * 60 + 30 + (o % 3) * 150 + l * 6));
        const outcome = await service.generate({
          prompt: `"${occasion.headline}" ${occasion.subject} ${LAYOUT_WORDS[layout]}`,
          style: occasion.style,
          size: LAYOUT_SIZES[layout],
          model: 'offline',
          seed: 1_000 + o * 17 + l,
        });
        made.push(...outcome.entries);
      }
      for (const [i, entry] of made.entries()) {
        if (i === 0) await service.setFavourite(entry.id, true);
        if (occasion.tags) await service.setTags(entry.id, occasion.tags);
      }
      if (occasion.project && made.length > 0) {
        const project = await service.createProject(occasion.project);
        const ids = made.map((entry) => entry.id);
        await service.addToProject(project.id, ids);
        await service.setProjectCover(project.id, ids[0]);
        projects.set(occasion.project, ids);
      }
      entries.unshift(...made.reverse());
    }
  } finally {
    await service.close({ graceMs: 0 });
  }
  return { entries, projects };
}
