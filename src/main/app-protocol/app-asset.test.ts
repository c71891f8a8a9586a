import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_CSP } from '../security/content-security-policy.ts';
import { APP_INDEX_URL, appAssetContentType, resolveAppAsset, respondWithAppAsset } from './app-asset.ts';

const ROOT = resolve('/opt/Motif/resources/app/out/renderer');

describe('resolveAppAsset', () => {
  it('maps the app’s URLs to files in the renderer folder', () => {
    expect(resolveAppAsset(ROOT, APP_INDEX_URL)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppAsset(ROOT, 'app://motif/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppAsset(ROOT, 'app://motif/assets/index-abc123.js')).toBe(join(ROOT, 'assets', 'index-abc123.js'));
    expect(resolveAppAsset(ROOT, 'app://motif/assets/party%20hat.png')).toBe(join(ROOT, 'assets', 'party hat.png'));
    // A query or hash names the same file.
    expect(resolveAppAsset(ROOT, 'app://motif/index.html?x=1#/gallery')).toBe(join(ROOT, 'index.html'));
  });

  it('never resolves outside the renderer folder, in any encoding', () => {
    // Plain and %2e dot segments are folded by URL parsing itself: they stay inside the folder.
    for (const url of [
      'app://motif/../../../../etc/passwd',
      'app://motif/assets/../../main/index.js',
      'app://motif/%2e%2e/%2e%2e/main/index.js',
      'app://motif/./index.html',
    ]) {
      const file = resolveAppAsset(ROOT, url);
      expect(file?.startsWith(`${ROOT}/`), `${url} → ${file}`).toBe(true);
    }
    // What survives parsing (encoded separators, NUL, drive letters, empty segments, bad escapes) is refused.
    for (const url of [
      'app://motif/%2E%2E%2F%2E%2E%2Fmain%2Findex.js',
      'app://motif/assets%2F..%2F..%2Fmain%2Findex.js',
      'app://motif/..%5c..%5cmain%5cindex.js',
      'app://motif/assets%5C..%5C..%5Cmain.js',
      'app://motif/%00index.html',
      'app://motif/C:%5CWindows%5Cwin.ini',
      'app://motif/c:/Windows/win.ini',
      'app://motif//etc/passwd',
      'app://motif/%E0%A4%A',
    ]) {
      expect(resolveAppAsset(ROOT, url), url).toBeUndefined();
    }
  });

  it('answers only its own scheme and host', () => {
    for (const url of [
      'file:///opt/Motif/resources/app/out/renderer/index.html',
      'app://evil/index.html',
      'app://motif:8080/index.html',
      'app://user:pw@motif/index.html',
      'https://motif/index.html',
      'motif-media://thumb/x',
      'not a url',
    ]) {
      expect(resolveAppAsset(ROOT, url), url).toBeUndefined();
    }
  });

  it('names the media type of the app’s files', () => {
    expect(appAssetContentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(appAssetContentType('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(appAssetContentType('/x/font.woff2')).toBe('font/woff2');
    expect(appAssetContentType('/x/blob')).toBe('application/octet-stream');
  });
});

describe('respondWithAppAsset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motif-app-protocol-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Motif</title>');
    await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'outside');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const respond = (url: string, method = 'GET'): Promise<Response> =>
    respondWithAppAsset({ rendererDir: join(dir, 'renderer'), url, method, csp: PRODUCTION_CSP, readFile: (path) => readFile(path) });

  it('serves the page and its scripts with the app’s CSP', async () => {
    const page = await respond(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(PRODUCTION_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Motif</title>');
    const script = await respond('app://motif/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('is a 404 for a missing file, a folder, or a path out of the folder; a 405 for anything but GET and HEAD', async () => {
    expect((await respond('app://motif/missing.js')).status).toBe(404);
    expect((await respond('app://motif/assets')).status).toBe(404);
    expect((await respond('app://motif/..%2fsecret.txt')).status).toBe(404);
    expect((await respond('app://motif/%2e%2e/secret.txt')).status).toBe(404);
    expect((await respond(APP_INDEX_URL, 'POST')).status).toBe(405);
    const head = await respond(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
