// Lint: typescript-eslint's recommended type-aware-free rules, plus the process boundaries of
// docs (ARCHITECTURE.md "Layout"): a file's folder says which process may load it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
  'stream',
];
const electron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'release/',
      'resources/vision/',
      'test-results/',
      'playwright-report/',
      'test/.cache/',
      '.native/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            pattern(NODE_BUILTINS, 'electron/common is shared with the renderer: no Node modules.'),
            pattern(
              ['**/core/**', '**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'],
              'electron/common imports only itself (and zod).',
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            pattern(
              ['**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'],
              'electron/core may import only common and itself.',
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            pattern(
              ['**/main/**', '**/preload/**', '**/renderer/**'],
              'The CLI runs under plain Node: common and core only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcRenderer', 'contextBridge'],
              message: 'Renderer-side Electron APIs belong in preload.',
            },
          ],
          patterns: [
            pattern(
              ['**/renderer/**', '**/preload/**', '**/cli/**'],
              'main wires core to Electron; it does not load renderer, preload or CLI code.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'app', 'BrowserWindow', 'protocol', 'session'],
              message: 'Main-process APIs belong in electron/main.',
            },
          ],
          patterns: [
            pattern(NODE_BUILTINS, 'A sandboxed preload has no Node modules.'),
            pattern(
              ['**/core/**', '**/main/**', '**/cli/**', '**/renderer/**'],
              'preload builds window.kiosk from common only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            pattern(NODE_BUILTINS, 'The renderer is a web page: no Node modules.'),
            pattern(
              ['**/core/**', '**/main/**', '**/preload/**', '**/cli/**'],
              'The renderer reaches main only through window.kiosk (types from common).',
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
