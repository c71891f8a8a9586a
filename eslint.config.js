// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The engine's floors, bottom first. A folder of src/core may import its own
 * files and any folder on a lower floor, never one on its own floor or above;
 * `contract` and `errors` together are the contract and may use each other.
 * docs/architecture.md explains each floor.
 */
const CORE_FLOORS = [
  ['util'],
  ['contract', 'errors'],
  ['about', 'cache', 'jobs', 'ledger', 'library', 'metrics', 'providers', 'resilience'],
  ['router', 'settings', 'print', 'models'],
  ['config', 'telemetry'],
  ['service'],
];
const CONTRACT_FLOOR = 1;

const coreFolder = (folder) => ({ element: { type: 'core', captured: { folder } } });
const coreFloorPolicies = CORE_FLOORS.flatMap((floor, index) =>
  floor.map((folder) => {
    const below = CORE_FLOORS.slice(0, index).flat();
    const allowed = index === CONTRACT_FLOOR ? [...below, ...floor] : [...below, folder];
    return { from: coreFolder(folder), allow: { to: allowed.map(coreFolder) } };
  }),
);
const contractFolders = CORE_FLOORS[CONTRACT_FLOOR].map(coreFolder);
const element = (type) => ({ element: { type } });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure Node: everything Electron-specific is injected from src/main.
    files: ['src/core/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/core must not import electron; inject what you need from src/main.' },
            { name: 'electron-store', message: 'electron-store loads Electron at import; use the SettingsStore interface.' },
          ],
          patterns: [{ group: ['electron/*'], message: 'src/core must not import electron.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The layers (docs/architecture.md): the renderer sees only shared/, shared/
    // sees only the engine's contract, core never imports the processes around
    // it, and server and cli never import the renderer or main.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'core', pattern: 'src/core/*', capture: ['folder'] },
        { type: 'shared', pattern: 'src/shared' },
        { type: 'renderer', pattern: 'src/renderer' },
        { type: 'preload', pattern: 'src/preload' },
        { type: 'main', pattern: 'src/main' },
        { type: 'server', pattern: 'src/server' },
        { type: 'cli', pattern: 'src/cli' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...coreFloorPolicies,
            { from: element('shared'), allow: { to: [element('shared'), ...contractFolders] } },
            { from: element('renderer'), allow: { to: [element('renderer'), element('shared')] } },
            { from: element('preload'), allow: { to: [element('shared')] } },
            { from: element('main'), allow: { to: [element('main'), element('shared'), element('server'), element('core')] } },
            { from: element('server'), allow: { to: [element('server'), element('shared'), element('core')] } },
            { from: element('cli'), allow: { to: [element('cli'), element('server'), element('shared'), element('core')] } },
          ],
        },
      ],
    },
  },
);
