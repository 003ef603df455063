// Layering is enforced here so that a wrong import fails `npm test` (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronAndUi = [
  { name: 'electron', message: 'main/core runs in plain Node: no Electron here.' },
];
// Matched on the import string, so relative paths (../app/tray, ../../preload/contract) count too.
const uiPatterns = [
  {
    regex: '(^|/)(app|ipc|renderer|preload)(/|$)|^electron/',
    message: 'main/core must not import the shell or UI layers.',
  },
];

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
    files: ['bin/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: electronAndUi, patterns: uiPatterns }],
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
              group: ['**/renderer/**', '**/main/app/**'],
              message: 'The CLI drives main/core only.',
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
              allowTypeImports: true,
              message: 'From preload the renderer takes types only (import type).',
            },
          ],
        },
      ],
    },
  },
);
