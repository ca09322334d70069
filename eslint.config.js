// Lint, including the folder boundaries of docs/architecture (../shared/docs/architecture.md):
// only main/electron imports electron; renderer imports no Node modules; native/ and central/ never
// import from main/ or renderer/; contract/ imports nothing of ours but itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = [
  'serialport',
  'better-sqlite3',
  'pg',
  'fastify',
  'ws',
  'iconv-lite',
  '@napi-rs/canvas',
];

const noElectron = {
  name: 'electron',
  message: 'Only main/electron/ may import electron (architecture.md).',
};
const rendererPaths = [
  noElectron,
  ...[...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({
    name,
    message: 'The renderer runs without Node: reach the host through window.doorstep.',
  })),
];
const FRONT_ENDS = ['kiosk', 'console', 'display', 'dashboard', 'admin'];
const outOf = (folders, why) => folders.map((f) => ({ group: [`**/${f}/**`, `${f}/**`], message: why }));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-results/', 'bench-results/', '.data/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: rendererPaths,
          patterns: outOf(
            ['main', 'native', 'central'],
            'The renderer reaches the host only through window.doorstep.',
          ),
        },
      ],
    },
  },
  // One front end never imports another: code two of them use lives in renderer/shared/.
  ...FRONT_ENDS.map((fe) => ({
    files: [`renderer/${fe}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: rendererPaths,
          patterns: [
            ...outOf(
              ['main', 'native', 'central'],
              'The renderer reaches the host only through window.doorstep.',
            ),
            ...FRONT_ENDS.filter((o) => o !== fe).map((o) => ({
              group: [`../${o}/**`, `../../${o}/**`, `../../../${o}/**`, `**/renderer/${o}/**`],
              message: `renderer/${fe} may not import renderer/${o}: move what both use to renderer/shared/.`,
            })),
          ],
        },
      ],
    },
  })),
  {
    files: ['native/**/*.ts', 'central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: outOf(['main', 'renderer'], 'native/ and central/ never import from main/ or renderer/.'),
        },
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'contract/ is shared with the renderer: no Node modules.',
            })),
          ],
          patterns: outOf(['main', 'renderer', 'native', 'central'], 'contract/ depends on nothing of ours.'),
        },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: outOf(
            ['renderer', 'central'],
            'The kiosk host talks to central over HTTP, to the renderer over IPC/bridge.',
          ),
        },
      ],
    },
  },
);
