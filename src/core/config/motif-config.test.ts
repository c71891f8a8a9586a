import { describe, expect, it } from 'vitest';
import { parseMotifConfig } from './motif-config.ts';

describe('parseMotifConfig', () => {
  it('reads the YAML shape from the docs', () => {
    const config = parseMotifConfig(`
providers:
  primary: { type: openai, baseUrl: "http://127.0.0.1:9001/v1", apiKey: "k1" }
  backup: { type: openai, baseUrl: "http://127.0.0.1:9002/v1", apiKey: "k2" }
models:
  default:
    strategy: priority
    targets:
      - { provider: primary, model: dall-e-3 }
      - { provider: backup, model: dall-e-3 }
`);
    expect(Object.keys(config.providers)).toEqual(['primary', 'backup']);
    expect(config.models.default?.targets.map((t) => t.provider)).toEqual(['primary', 'backup']);
  });

  it('reads JSON too', () => {
    expect(parseMotifConfig('{"providers":{"x":{"type":"local"}}}').providers.x?.type).toBe('local');
  });

  it('names the bad field', () => {
    expect(() => parseMotifConfig('providers:\n  p: { type: nope }')).toThrow(/providers\.p/);
    expect(() => parseMotifConfig('models:\n  m: { targets: [ { provider: ghost, model: x } ] }')).toThrow(/unknown provider ghost/);
    expect(() => parseMotifConfig('providers: [')).toThrow(/not valid YAML/);
  });
});
