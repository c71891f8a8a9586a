import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Specifiers a file imports at run time: `import type` and `export type` are erased by the compiler and do not count. */
function runtimeImports(source: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) {
    if (match[5] !== undefined) specifiers.push(match[5]);
    else if (match[2] === undefined && match[4] !== undefined) specifiers.push(match[4]);
  }
  return specifiers;
}

/** Every bare package the renderer bundle reaches from `main.tsx`, and the local files it pulls in on the way. */
function walk(entry: string): { packages: Set<string>; files: Set<string> } {
  const packages = new Set<string>();
  const files = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\?.*$/, ''));
      if (/\.(ts|tsx)$/.test(target) && existsSync(target)) queue.push(target);
    }
  }
  return { packages, files };
}

describe('the renderer bundle', () => {
  const { packages, files } = walk(join(root, 'src/renderer/main.tsx'));

  it('pulls in no schema library: constants come from zod-free modules', () => {
    expect([...packages].sort()).toEqual(['react', 'react-dom', 'zustand']);
  });

  it('reaches into core only for zod-free contract modules (constants, search and design rules), through shared/', () => {
    const outside = [...files]
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith('src/renderer/'))
      .sort();
    expect(outside).toEqual([
      'src/core/contract/library-search.ts',
      'src/core/contract/model-catalogue-limits.ts',
      'src/core/contract/offline-design.ts',
      'src/core/contract/paper-sizes.ts',
      'src/core/contract/request-limits.ts',
      'src/core/contract/styles.ts',
      'src/core/contract/task-words.ts',
      'src/shared/catalog.ts',
    ]);
  });
});
