import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostLedger, dayKey } from './cost-ledger.ts';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motif-ledger-'));
  path = join(dir, 'ledger.jsonl');
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
    now = at(10, 12);
    expect((await CostLedger.open(path, () => now)).today().totalUsd).toBe(2);
  });

  it('compacts a long journal into daily totals, keeping a bounded history of days', async () => {
    let now = new Date(2025, 0, 1, 12).getTime();
    const ledger = await CostLedger.open(path, () => now);
    for (let d = 0; d < 120; d += 1) {
      now = new Date(2025, 0, 1 + d, 12).getTime();
      for (let i = 0; i < 50; i++) ledger.record('runware', 0.5, 1);
    }
    await ledger.flush();
    const reopened = await CostLedger.open(path, () => now);
    expect(reopened.today().totalUsd).toBe(25);
    const lines = (await readFile(path, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { day: string });
    expect(lines).toHaveLength(90);
    expect(lines.at(-1)!.day).toBe(dayKey(now));
  });

  it("a torn or garbage line costs only itself; today's spend stays and the cap is held when it may be today's", async () => {
    const ledger = await CostLedger.open(path, () => at(10, 12));
    ledger.record('openai', 4, 1);
    ledger.record('runware', 0.25, 1);
    await ledger.flush();
    await appendFile(path, `{"day":"${dayKey(at(10, 12))}","provider":"openai","us\n`);
    const reopened = await CostLedger.open(path, () => at(10, 13));
    expect(reopened.today()).toMatchObject({ totalUsd: 4.25, uncertain: true });
    expect(reopened.notices[0]!.message).toMatch(/could not be read.*daily cap holds/);
    reopened.record('runware', 0.25, 1);
    await reopened.flush();
    const again = await CostLedger.open(path, () => at(10, 14));
    expect(again.today().totalUsd).toBe(4.5);
    // The bad line is still there, verbatim: nothing was rewritten over it.
    expect(await readFile(path, 'utf8')).toContain('"provider":"openai","us\n');
  });

  it('a bad line from another day is reported but does not hold the cap', async () => {
    await writeFile(path, `{"day":"${dayKey(at(3, 12))}","provider":"openai","usd":1e999}\n`);
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today()).toEqual({ totalUsd: 0, byProvider: {}, unknownPriced: 0 });
    expect(ledger.notices).toHaveLength(1);
  });

  it('imports an old ledger.json day by day and keeps the file aside', async () => {
    const legacy = join(dir, 'ledger.json');
    await writeFile(
      legacy,
      JSON.stringify({
        days: {
          [dayKey(at(10, 12))]: { byProvider: { runware: 3 }, unknownPriced: 1 },
          [dayKey(at(9, 12))]: { byProvider: { runware: null }, unknownPriced: 0 },
          constructor: { byProvider: {}, unknownPriced: 0 },
        },
      }),
    );
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today()).toEqual({ totalUsd: 3, byProvider: { runware: 3 }, unknownPriced: 1 });
    expect(ledger.notices[0]!.message).toMatch(/2 day/);
    const names = await readdir(dir);
    expect(names).not.toContain('ledger.json');
    expect(names.some((n) => n.startsWith('ledger.json.unreadable-'))).toBe(true);
    expect((await CostLedger.open(path, () => at(10, 13))).today().totalUsd).toBe(3);
  });

  it('an unreadable old ledger.json is kept aside and holds the cap today instead of starting from $0', async () => {
    await writeFile(join(dir, 'ledger.json'), '{"days": {"2026-03-10": {"byProv');
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today()).toMatchObject({ totalUsd: 0, uncertain: true });
    expect((await readdir(dir)).some((n) => n.startsWith('ledger.json.unreadable-'))).toBe(true);
    expect((await CostLedger.open(join(dir, 'nope.jsonl'), () => at(10, 13))).today()).toEqual({
      totalUsd: 0,
      byProvider: {},
      unknownPriced: 0,
    });
  });

  it('a folder where the journal belongs is kept aside and the ledger still opens', async () => {
    await mkdir(path);
    const ledger = await CostLedger.open(path, () => at(10, 12));
    expect(ledger.today().uncertain).toBe(true);
    ledger.record('runware', 1, 1);
    await ledger.flush();
    expect((await readdir(dir)).some((n) => n.startsWith('ledger.jsonl.unreadable-'))).toBe(true);
    expect((await CostLedger.open(path, () => at(10, 13))).today().totalUsd).toBe(1);
  });

  it('survives a write that fails (read-only or full disk) without an unhandled rejection, and writes again later', async () => {
    // A folder appears where the journal goes, so every append fails until it is gone.
    const blocked = join(dir, 'blocked.jsonl');
    const ledger = await CostLedger.open(blocked, () => at(10, 12));
    await mkdir(blocked);
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
