import { describe, expect, it } from 'vitest';
import { decideNavigation, isAllowedExternalUrl, isAllowedNetworkRequest } from './navigation-policy.ts';
import { isPermissionAllowed } from './permission-policy.ts';

describe('isAllowedExternalUrl', () => {
  it('opens the sites where designers get their keys', () => {
    expect(isAllowedExternalUrl('https://runware.ai/')).toBe(true);
    expect(isAllowedExternalUrl('https://my.runware.ai/keys')).toBe(true);
    expect(isAllowedExternalUrl('https://platform.openai.com/api-keys')).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'http://runware.ai/',
      'https://runware.ai.evil.example/',
      'https://evilrunware.ai/',
      'https://user:pass@runware.ai/',
      'https://runware.ai:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://runware.ai/share',
      'https://openai.com/',
      '',
      'runware.ai',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('decideNavigation', () => {
  it('never lets the window navigate, and sends allowlisted links to the browser', () => {
    expect(decideNavigation('https://runware.ai/pricing')).toEqual({ allowInWindow: false, openExternally: true });
    expect(decideNavigation('https://evil.example/')).toEqual({ allowInWindow: false, openExternally: false });
    expect(decideNavigation('file:///tmp/x.html')).toEqual({ allowInWindow: false, openExternally: false });
  });
});

describe('isAllowedNetworkRequest', () => {
  const built = { kind: 'app-protocol', indexUrl: 'app://motif/index.html' } as const;
  const dev = { kind: 'dev-server', origin: 'http://localhost:5173' } as const;

  it('lets the built app reach no network at all', () => {
    expect(isAllowedNetworkRequest('https://api.runware.ai/v1', built)).toBe(false);
    expect(isAllowedNetworkRequest('http://localhost:5173/', built)).toBe(false);
  });

  it('lets the dev page reach only the dev server and its hot-reload socket', () => {
    expect(isAllowedNetworkRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedNetworkRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedNetworkRequest('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedNetworkRequest('https://cdn.example/x.js', dev)).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  const entry = { kind: 'app-protocol', indexUrl: 'app://motif/index.html' } as const;

  it('denies every permission', () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      expect(isPermissionAllowed(permission, 'app://motif/index.html', entry), permission).toBe(false);
    }
  });

  it('lets our own page write text to the clipboard, and nobody else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://motif/index.html', entry)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'file:///app/out/renderer/index.html', entry)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', entry)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, entry)).toBe(false);
  });
});
