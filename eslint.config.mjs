import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const NO_APPS = {
  group: ['**/apps/**'],
  message: 'A lib never imports an app: move the code that needs the app beside it.',
};
const DOMAIN_IS_PURE = 'libs/domain is pure TypeScript: no Nest, no database, no Redis, no file or network I/O.';
const NODE_IO = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'child_process', 'worker_threads'];
const DOMAIN_FORBIDDEN_MODULES = [
  ...['typeorm', 'pg', 'ioredis', 'bullmq', 'express', 'supertest'],
  ...NODE_IO,
  ...NODE_IO.map((m) => `node:${m}`),
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'dist-bench/', 'node_modules/', 'coverage/', 'apps/web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['bench/**', 'scripts/**', 'apps/cli/src/**'], rules: { 'no-console': 'off' } },
  // Dependencies point down: apps → libs → domain. No lib reaches up into an app (seeds and
  // CLIs that boot the libs live in apps/cli, the test-app factory in test/support)…
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_APPS] }] },
  },
  // …and libs/domain is pure rules, shared with the console: no Nest, no database, no Redis,
  // no file or network I/O, no other @gridflow lib (they all do I/O or sit above it).
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DOMAIN_FORBIDDEN_MODULES.map((name) => ({ name, message: DOMAIN_IS_PURE })),
          patterns: [
            NO_APPS,
            { group: ['@nestjs/*', 'typeorm/*', 'bullmq/*', 'ioredis/*', 'pg/*'], message: DOMAIN_IS_PURE },
            { group: ['@gridflow/*', '!@gridflow/domain'], message: DOMAIN_IS_PURE },
          ],
        },
      ],
    },
  },
  // The web console runs in the browser.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // Regular expressions in the application: no super-linear backtracking (ReDoS), no
  // capturing group or alternative that hides what it matches.
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-dupe-disjunctions': 'error',
    },
  },
  prettier,
);
