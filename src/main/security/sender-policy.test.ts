import { describe, expect, it } from 'vitest';
import { isTrustedSender, type IpcSenderInfo, type TrustedSender } from './sender-policy.ts';

const fileEntry: TrustedSender = { webContentsId: 7, entry: { kind: 'file', indexUrl: 'file:///opt/Motif/resources/app/out/renderer/index.html' } };
const devEntry: TrustedSender = { webContentsId: 7, entry: { kind: 'dev-server', origin: 'http://localhost:5173' } };
const fromWindow = (frameUrl: string | undefined, overrides: Partial<IpcSenderInfo> = {}): IpcSenderInfo => ({ webContentsId: 7, frameUrl, isMainFrame: true, ...overrides });

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our built page', () => {
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html'), fileEntry)).toBe(true);
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html#/gallery'), fileEntry)).toBe(true);
  });

  it('accepts the dev server page in development', () => {
    expect(isTrustedSender(fromWindow('http://localhost:5173/'), devEntry)).toBe(true);
  });

  it('refuses another webContents, even showing our page', () => {
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html', { webContentsId: 8 }), fileEntry)).toBe(false);
  });

  it('refuses while there is no window', () => {
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html'), { ...fileEntry, webContentsId: undefined })).toBe(false);
  });

  it('refuses subframes and frames that are gone', () => {
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html', { isMainFrame: false }), fileEntry)).toBe(false);
    expect(isTrustedSender(fromWindow(undefined), fileEntry)).toBe(false);
  });

  it('refuses our window after it was navigated somewhere else', () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/index.html',
      'file:///opt/Motif/resources/app/out/renderer/other.html',
      'http://localhost:5174/',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(isTrustedSender(fromWindow(url), fileEntry), url).toBe(false);
    }
    expect(isTrustedSender(fromWindow('http://localhost:5174/'), devEntry)).toBe(false);
    expect(isTrustedSender(fromWindow('file:///opt/Motif/resources/app/out/renderer/index.html'), devEntry)).toBe(false);
  });
});
