import { describe, expect, it } from 'vitest';
import type { MotifError } from '../core/errors/index.ts';
import { parseGenerateArgs } from './generate-args.ts';
import { cliError } from './cli-errors.ts';

const failure = (argv: string[]): MotifError => {
  try {
    parseGenerateArgs(argv, '/work');
  } catch (error) {
    return cliError(error);
  }
  throw new Error('expected a failure');
};

describe('parseGenerateArgs', () => {
  it('maps every flag to the engine input', () => {
    const args = parseGenerateArgs(
      [
        'gold',
        'balloons',
        '--style',
        'birthday',
        '--size',
        '512X256',
        '-n',
        '2',
        '-o',
        'out',
        '--seed',
        '7',
        '--format',
        'jpg',
        '--model',
        'offline',
        '--negative',
        'text',
        '--no-cache',
        '--strip-metadata',
        '--json',
        '-q',
      ],
      '/work',
    );
    expect(args).toEqual({
      help: false,
      input: {
        prompt: 'gold balloons',
        style: 'birthday',
        size: '512x256',
        count: 2,
        seed: 7,
        format: 'jpeg',
        model: 'offline',
        negativePrompt: 'text',
        noCache: true,
      },
      outDir: '/work/out',
      json: true,
      quiet: true,
      svg: false,
      stripMetadata: true,
    });
  });

  it('takes --layout by name, forgiving case and a space for the dash', () => {
    expect(parseGenerateArgs(['x', '--layout', 'poster'], '/work').input.layout).toBe('poster');
    expect(parseGenerateArgs(['x', '--layout', 'Table Card'], '/work').input.layout).toBe('table-card');
    expect(parseGenerateArgs(['x'], '/work').input).not.toHaveProperty('layout');
  });

  it('defaults the output folder to the current one', () => {
    expect(parseGenerateArgs(['stars'], '/work')).toMatchObject({ input: { prompt: 'stars' }, outDir: '/work', json: false });
  });

  it.each([
    [[], 'prompt'],
    [['   '], 'prompt'],
    [['x'.repeat(2001)], 'prompt'],
    [['x', '--size', 'big'], '--size'],
    [['x', '--size', '10x10'], '--size'],
    [['x', '-n', '0'], '-n'],
    [['x', '-n', '9'], '-n'],
    [['x', '-n', 'two'], '-n'],
    [['x', '--seed', '-1'], '--seed'],
    [['x', '--seed', '4294967296'], '--seed'],
    [['x', '--style', 'goth'], '--style'],
    [['x', '--format', 'gif'], '--format'],
    [['x', '--model', 'bad model'], '--model'],
    [['x', '--negative', 'n'.repeat(1001)], '--negative'],
    [['x', '--colour', 'red'], '--colour'],
    [['x', '--size'], '--size'],
    [['x', '--layout', 'billboard'], '--layout'],
    [['x', '--layout'], '--layout'],
  ])('rejects %j naming %s', (argv, param) => {
    const error = failure(argv);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });
});
