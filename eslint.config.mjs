// Layering is enforced here so that a wrong import fails `npm test` (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronAndUi = [
  { name: 'electron', message: 'main/core runs in plain Node: no Electron here.' },
];
// Matched on the import string, so relative paths (../app/tray, ../../preload/index) count too.
// main/core may import contract/ (cause codes, the tunnel state machine).
const uiPatterns = [
  {
    regex: '(^|/)(app|ipc|cli|renderer|preload)(/|$)|^electron/',
    message: 'main/core must not import the shell or UI layers.',
  },
];
// The contract files that pull in zod (schemas and the Api table): types only outside main.
const zodContract = '(^|/)contract(/(index|api|schemas|schemas-tools))?$';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: electronAndUi, patterns: uiPatterns }],
    },
  },
  {
    // Shared by main, the preload and the renderer: zod and its own files only, nothing that
    // runs in one process alone. From core it takes the profile schema (plain zod), no more.
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?![./]|zod$)',
              message:
                'contract/ has no runtime dependency besides zod (it runs in every process).',
            },
            {
              regex: '(^|/)(main/(app|ipc|cli)|renderer|preload)(/|$)',
              message: 'contract/ may not import the shell, the CLI, the preload or the renderer.',
            },
            {
              regex: '(^|/)main/core/(?!config/schema$)',
              message: 'From main/core, contract/ takes only the profile schema (config/schema).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The CLI runs in plain Node: no Electron.' }],
          patterns: [
            {
              regex: '(^|/)(app|ipc|renderer|preload)(/|$)',
              message: 'The CLI drives main/core (and reads contract/) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/app/**/*.ts', 'main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(renderer|preload|cli)(/|$)',
              message:
                'The shell drives main/core and speaks contract/; never the page or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // The bridge's main side is wired by shell.ts: importing the shell back would be a cycle
    // (main/app ↔ main/ipc was one; tests/lint/import-cycles.test.ts finds any other).
    files: ['main/app/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(renderer|preload|cli)(/|$)',
              message:
                'The shell drives main/core and speaks contract/; never the page or the CLI.',
            },
            {
              regex: '^\\.\\./(shell|bootstrap|index)$',
              message: 'main/app/ipc is wired by the shell: it may not import it back.',
            },
          ],
        },
      ],
    },
  },
  {
    // Sandboxed: at run time only electron and the contract's plain constants.
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?![./]|electron$)',
              message: 'The sandboxed preload can require only electron.',
            },
            {
              regex: '(^|/)(main|renderer)(/|$)',
              message: 'The preload speaks contract/ only.',
            },
            {
              regex: zodContract,
              allowTypeImports: true,
              message:
                'The preload takes plain constants from contract/ (channels, bridge-errors); the rest as types.',
            },
          ],
        },
      ],
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
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to main only through the preload bridge.',
            },
            { name: 'ssh2', message: 'SSH runs in main/core, never in the renderer.' },
            { name: 'sshpk', message: 'Keys are handled in main/core, never in the renderer.' },
            ...builtinModules.map((name) => ({
              name,
              message: 'The renderer is sandboxed: no Node modules.',
            })),
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer is sandboxed: no Node modules.' },
            { group: ['**/main/**'], message: 'The renderer may not import main-process code.' },
            {
              group: ['**/preload/**'],
              message: 'The renderer reaches the preload through window.tunnelkeeper only.',
            },
            {
              regex: zodContract,
              allowTypeImports: true,
              message:
                'From contract/ the renderer imports zod-free files at run time (tunnel-state, causes, channels, bridge-errors); schemas and the Api as types.',
            },
          ],
        },
      ],
    },
  },
);
