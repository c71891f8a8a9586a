import { describe, expect, it } from 'vitest';
import type { MotifError } from '../core/errors/index.ts';
import { cliError } from './cli-errors.ts';
import { parseToolArgs } from './tool-args.ts';

function failure(run: () => unknown): MotifError {
  try {
    run();
  } catch (error) {
    return cliError(error);
  }
  throw new Error('expected the arguments to be refused');
}

describe('tool command arguments', () => {
  it('reads upscale, remove-bg and vary with their options and the common output flags', () => {
    expect(parseToolArgs('upscale', ['entry-1', '--factor', '4', '-o', 'out'], '/work')).toMatchObject({
      help: false,
      image: 'entry-1',
      options: { task: 'upscale', factor: 4 },
      outDir: '/work/out',
      json: false,
      quiet: false,
    });
    expect(parseToolArgs('remove-bg', ['./balloons.png', '--json', '-q'], '/work')).toMatchObject({
      image: './balloons.png',
      options: { task: 'remove-background' },
      outDir: '/work',
      json: true,
      quiet: true,
    });
    expect(
      parseToolArgs('vary', ['e1', '--strength', 'strong', '-n', '3', '--prompt', 'winter', '--seed', '9', '--no-cache'], '/w'),
    ).toMatchObject({ options: { task: 'vary', strength: 'strong', count: 3, prompt: 'winter', seed: 9 }, noCache: true });
    expect(parseToolArgs('vary', ['e1'], '/w').options).toEqual({ task: 'vary' });
  });

  it('gives help without an image', () => {
    expect(parseToolArgs('vary', ['--help'], '/w').help).toBe(true);
  });

  it('names the flag or argument that is wrong', () => {
    const cases: [Parameters<typeof parseToolArgs>[0], string[], string][] = [
      ['upscale', [], 'image'],
      ['upscale', ['a', 'b'], 'image'],
      ['upscale', ['a', '--factor', '5'], '--factor'],
      ['upscale', ['a', '--factor', 'two'], '--factor'],
      ['vary', ['a', '--strength', 'medium'], '--strength'],
      ['vary', ['a', '-n', '0'], '-n'],
      ['vary', ['a', '-n', '5'], '-n'],
      ['vary', ['a', '--prompt', '  '], '--prompt'],
      ['vary', ['a', '--seed', '-1'], '--seed'],
      ['remove-bg', ['a', '--factor', '2'], '--factor'],
      ['remove-bg', ['a', '-o', ''], '-o'],
    ];
    for (const [command, argv, param] of cases) {
      const error = failure(() => parseToolArgs(command, argv, '/w'));
      expect({ argv, code: error.code, param: error.param }).toEqual({ argv, code: 'invalid_request', param });
    }
  });
});
