import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/core/contract/history-entry.ts';
import type { PrintRequest } from '../../src/core/contract/print-request.ts';
import { pdfImages, pdfInfo, pdfText } from '../support/poppler.ts';
import { cliEnv, runCli } from './cli-harness.ts';
import { startHarness, type ErrorBody, type Harness } from './server-harness.ts';

describe('print export through the engine, the local API and the CLI (offline)', { timeout: 120_000 }, () => {
  let harness: Harness;
  let entry: HistoryEntry;
  let root: string;
  beforeAll(async () => {
    harness = await startHarness();
    root = await mkdtemp(join(tmpdir(), 'motif-print-'));
    const outcome = await harness.service.generate({ prompt: 'balloons and confetti', style: 'birthday', size: '512x512', seed: 11 });
    entry = outcome.entries[0]!;
  });
  afterAll(async () => {
    await harness?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('preflight says an offline design stays vector in a PDF, and is soft as a 5×7 PNG with the vector re-render offered', async () => {
    const pdf = await harness.service.printPreflight({ product: 'print', ids: [entry.id], layout: { size: { preset: '5x7' } } });
    expect(pdf.arts[0]).toMatchObject({
      soft: false,
      method: 'paths',
      message: 'vector original: sharp at any size (drawn as paths in the PDF)',
    });
    const report = await harness.service.printPreflight({
      product: 'print',
      ids: [entry.id],
      format: 'png',
      layout: { size: { preset: '5x7' } },
    });
    const [art] = report.arts;
    expect(art!.soft).toBe(true);
    expect(art!.message).toBe('512 px over 7.3 in = 71 ppi: will look soft');
    expect(art!.fixes.map((fix) => fix.mode)).toEqual(['vector', 'resample']);
  });

  it('puts the vector original in the PDF as paths, re-renders it at full resolution for a PNG, and labels a local resample as such', async () => {
    const vectorPath = join(root, 'card-vector.pdf');
    const result = await harness.service.printExport(
      { product: 'print', ids: [entry.id], layout: { size: { preset: '5x7' } } },
      vectorPath,
    );
    expect(result.path).toBe(vectorPath);
    expect(result.pages).toBe(1);
    expect(await pdfImages(await readFile(vectorPath))).toEqual([]);
    const pngPath = join(root, 'card-vector.png');
    await harness.service.printExport(
      { product: 'print', ids: [entry.id], format: 'png', layout: { size: { preset: '5x7' }, enhance: 'vector' } },
      pngPath,
    );
    // 5.25 × 7.25 in of bleed at 300 ppi.
    const meta = await sharp(await readFile(pngPath)).metadata();
    expect([meta.width, meta.height, meta.density]).toEqual([1575, 2175, 300]);
    const report = await harness.service.printPreflight({
      product: 'print',
      ids: [entry.id],
      format: 'png',
      layout: { size: { preset: '5x7' }, enhance: 'resample' },
    });
    expect(report.arts[0]!.method).toBe('resample');
    expect(report.arts[0]!.fixes.find((fix) => fix.mode === 'resample')!.label).toMatch(/^Local resample/);
  });

  it("makes wrapping paper from an offline design with the engine's own seamless tile, drawn as paths", async () => {
    const request: PrintRequest = { product: 'pattern', ids: [entry.id], pattern: { tileMm: 80, sheet: { preset: 'a4' } } };
    const report = await harness.service.printPreflight(request);
    expect(report.notes[0]).toMatch(/^The offline engine drew this design as a seamless tile \(its pattern layout\)/);
    expect(report.arts[0]).toMatchObject({ label: `${entry.id} (offline pattern tile)`, method: 'paths' });
    const out = join(root, 'paper.pdf');
    await harness.service.printExport(request, out);
    expect(await pdfImages(await readFile(out))).toEqual([]);
  });

  it('answers POST /motif/print with the PDF and /motif/print/preflight with the report; bad input is a named 400', async () => {
    const body = { product: 'print', ids: [entry.id], layout: { size: { preset: 'a6' }, marks: true } };
    const pdf = await fetch(`${harness.server.url}/motif/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-motif-pages')).toBe('1');
    const info = await pdfInfo(new Uint8Array(await pdf.arrayBuffer()));
    expect(info.boxes.TrimBox[2] - info.boxes.TrimBox[0]).toBeCloseTo((105 * 72) / 25.4, 1);

    const preflight = await fetch(`${harness.server.url}/motif/print/preflight`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(preflight.status).toBe(200);
    expect(((await preflight.json()) as { arts: { method: string }[] }).arts[0]!.method).toBe('paths');

    const bad = await fetch(`${harness.server.url}/motif/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, layout: { size: { preset: 'a9' } } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('invalid_request');
    const missing = await fetch(`${harness.server.url}/motif/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'print', ids: ['no-such-entry'] }),
    });
    expect(missing.status).toBe(404);

    const cut = await fetch(`${harness.server.url}/motif/print?part=cut`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'stickers', ids: [entry.id], stickers: { sizeMm: 40 } }),
    });
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await cut.text()).toContain('id="CutContour"');
  });

  it('motif print <id> --size a4 --bleed 3mm --marks -o out.pdf, and motif bunting "HAPPY 30TH" --design <id>', async () => {
    const env = cliEnv(harness.dataDir);
    const out = join(root, 'out.pdf');
    const printed = await runCli(['print', entry.id, '--size', 'a4', '--bleed', '3mm', '--marks', '-o', out], { env, cwd: root });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toContain('vector original: sharp at any size (drawn as paths in the PDF)');
    const info = await pdfInfo(await readFile(out));
    expect(info.boxes.TrimBox.map((n) => Math.round(n * 10) / 10)).toEqual([31.2, 31.2, 626.5, 873.1]);

    const bunting = join(root, 'bunting.pdf');
    const made = await runCli(['bunting', 'HAPPY 30TH', '--design', entry.id, '-o', bunting], { env, cwd: root });
    expect(made.code, made.stderr).toBe(0);
    const pdf = await readFile(bunting);
    expect((await pdfInfo(pdf)).pages).toBe(5);
    expect(await pdfText(pdf)).toContain('HAPPY 30TH · page 5 of 5');

    const bad = await runCli(['print', entry.id, '--size', 'a9'], { env, cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error \[invalid_request\]: --size/m);
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });
});
