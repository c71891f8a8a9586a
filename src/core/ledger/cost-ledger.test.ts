import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostLedger, dayKey } from './cost-ledger.ts';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motif-ledger-'));
  path = join(dir, 'ledger.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Local wall-clock times, since "today" is the designer's local day. */
const at = (day: number, hour: number, minute = 0): number => new Date(2026, 2, day, hour, minute).getTime();

describe('CostLedger', () => {
  it('adds up spend per provider for today', async () => {
    const ledger = await CostLedger.open(path, () => at(10, 12));
    ledger.record('runware', 0.0026, 2);
    ledger.record('runware', 0.0013, 1);
    ledger.record('openai', 0.04, 1);
    const today = ledger.today();
    expect(today.byProvider.runware).toBeCloseTo(0.0039, 10);
    expect(today.byProvider.openai).toBe(0.04);
    expect(today.totalUsd).toBeCloseTo(0.0439, 10);
    expect(today.unknownPriced).toBe(0);
    await ledger.flush();
  });

  it('counts images of unknown price apart, never as $0', async () => {
    const ledger = await CostLedger.open(path, () => at(10, 12));
    ledger.record('custom', undefined, 3);
    ledger.record('custom', Number.NaN, 1);
    ledger.record('custom', -1, 1);
    const today = ledger.today();
    expect(today.unknownPriced).toBe(5);
    expect(today.byProvider).toEqual({});
    expect(today.totalUsd).toBe(0);
    await ledger.flush();
  });

  it('persists and reloads, so the daily cap survives a restart', async () => {
    const ledger = await CostLedger.open(path, () => at(10, 12));
    ledger.record('runware', 1.5, 3);
    ledger.record('openai', undefined, 2);
    await ledger.flush();
    const reopened = await CostLedger.open(path, () => at(10, 18));
    expect(reopened.today()).toEqual({ totalUsd: 1.5, byProvider: { runware: 1.5 }, unknownPriced: 2 });
  });

  it('starts a new day at local midnight on the injected clock, keeping the old day on file', async () => {
    let now = at(10, 23, 59);
    const ledger = await CostLedger.open(path, () => now);
    ledger.record('runware', 2, 1);
    expect(ledger.today().totalUsd).toBe(2);
    now = at(11, 0, 1);
    expect(ledger.today()).toEqual({ totalUsd: 0, byProvider: {}, unknownPriced: 0 });
    ledger.record('runware', 0.5, 1);
    expect(ledger.today().totalUsd).toBe(0.5);
    await ledger.flush();
    const file = JSON.parse(await readFile(path, 'utf8')) as { days: Record<string, { byProvider: Record<string, number> }> };
    expect(Object.keys(file.days).sort()).toEqual([dayKey(at(10, 12)), dayKey(at(11, 12))]);
    expect(file.days[dayKey(at(10, 12))]!.byProvider.runware).toBe(2);
  });

  it('keeps a bounded history of days', async () => {
    let now = new Date(2025, 0, 1, 12).getTime();
    const ledger = await CostLedger.open(path, () => now);
    for (let d = 0; d < 120; d += 1) {
      now = new Date(2025, 0, 1 + d, 12).getTime();
      ledger.record('runware', 1, 1);
    }
    await ledger.flush();
    const file = JSON.parse(await readFile(path, 'utf8')) as { days: Record<string, unknown> };
    expect(Object.keys(file.days)).toHaveLength(90);
    expect(Object.keys(file.days).sort().at(-1)).toBe(dayKey(now));
  });

  it('starts fresh on a corrupt or missing file instead of blocking generation', async () => {
    await writeFile(path, '{"days": {"2026-03-10": {"byProv');
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today().totalUsd).toBe(0);
    ledger.record('runware', 0.25, 1);
    await ledger.flush();
    expect((await CostLedger.open(path, () => at(10, 13))).today().totalUsd).toBe(0.25);
    expect((await CostLedger.open(join(dir, 'nope.json'), () => at(10, 13))).today().totalUsd).toBe(0);
  });

  it('keeps the good days when one day on file is damaged', async () => {
    await writeFile(path, JSON.stringify({ days: {
      [dayKey(at(10, 12))]: { byProvider: { runware: 3 }, unknownPriced: 1 },
      [dayKey(at(9, 12))]: { byProvider: { runware: null }, unknownPriced: 0 },
      constructor: { byProvider: {}, unknownPriced: 0 },
    } }));
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today()).toEqual({ totalUsd: 3, byProvider: { runware: 3 }, unknownPriced: 1 });
  });

  it('survives a write that fails (read-only or full disk) without an unhandled rejection, and writes again later', async () => {
    // The ledger path is a folder, so every write fails at the rename.
    const blocked = join(dir, 'blocked.json');
    await mkdir(blocked);
    const ledger = await CostLedger.open(blocked, () => at(10, 12));
    ledger.record('runware', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(ledger.flush()).resolves.toBeUndefined();
    expect(ledger.today().totalUsd).toBe(1);
    await rm(blocked, { recursive: true });
    ledger.record('runware', 1, 1);
    await ledger.flush();
    expect((await CostLedger.open(blocked, () => at(10, 12))).today().totalUsd).toBe(2);
  });
});
