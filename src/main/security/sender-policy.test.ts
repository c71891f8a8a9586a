import { describe, expect, it } from 'vitest';
import { isTrustedSender, type IpcSenderInfo, type TrustedSender } from './sender-policy.ts';

const appEntry: TrustedSender = { webContentsId: 7, entry: { kind: 'app-protocol', indexUrl: 'app://motif/index.html' } };
const devEntry: TrustedSender = { webContentsId: 7, entry: { kind: 'dev-server', origin: 'http://localhost:5173' } };
const fromWindow = (frameUrl: string | undefined, overrides: Partial<IpcSenderInfo> = {}): IpcSenderInfo => ({
  webContentsId: 7,
  frameUrl,
  isMainFrame: true,
  ...overrides,
});

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our built page', () => {
    expect(isTrustedSender(fromWindow('app://motif/index.html'), appEntry)).toBe(true);
    expect(isTrustedSender(fromWindow('app://motif/index.html#/gallery'), appEntry)).toBe(true);
  });

  it('accepts the dev server page in development', () => {
    expect(isTrustedSender(fromWindow('http://localhost:5173/'), devEntry)).toBe(true);
  });

  it('refuses another webContents, even showing our page', () => {
    expect(isTrustedSender(fromWindow('app://motif/index.html', { webContentsId: 8 }), appEntry)).toBe(false);
  });

  it('refuses while there is no window', () => {
    expect(isTrustedSender(fromWindow('app://motif/index.html'), { ...appEntry, webContentsId: undefined })).toBe(false);
  });

  it('refuses subframes and frames that are gone', () => {
    expect(isTrustedSender(fromWindow('app://motif/index.html', { isMainFrame: false }), appEntry)).toBe(false);
    expect(isTrustedSender(fromWindow(undefined), appEntry)).toBe(false);
  });

  it('refuses our window after it was navigated somewhere else', () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/index.html',
      // The built page on disk is not the app any more: only the app's own scheme is.
      'file:///opt/Motif/resources/app/out/renderer/index.html',
      'app://motif/other.html',
      'app://evil/index.html',
      'app://motif:8080/index.html',
      'http://localhost:5174/',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(isTrustedSender(fromWindow(url), appEntry), url).toBe(false);
    }
    expect(isTrustedSender(fromWindow('http://localhost:5174/'), devEntry)).toBe(false);
    expect(isTrustedSender(fromWindow('app://motif/index.html'), devEntry)).toBe(false);
  });
});
