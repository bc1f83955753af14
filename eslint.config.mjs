import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.local/', 'coverage/', 'infra/', 'tools/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Domain modules stay free of SDKs so the rules are testable alone and survive an SDK migration.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['botbuilder*', '@microsoft/*', '@azure/*', 'restify', 'adaptivecards*', '../storage/*', '../bot/*', '../cards/*', '../server/*'] }],
    },
  },
  {
    // Handlers only translate: a turn into a service call, its outcome into a card. The store is the services'.
    files: ['src/bot/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../storage/*', '**/storage/*', '**/storage/**'],
              message:
                "Handlers do not use storage: call the feature's application service (src/<feature>/).",
            },
          ],
        },
      ],
    },
  },
  {
    // The application services (src/<feature>/) stay free of the Teams and HTTP frameworks, so a migration to the
    // next Teams SDK touches only src/bot/ (and src/server/, src/app/).
    files: [
      'src/{voorstellen,inschrijving,registry,meetings,ontwikkeltafels,signalen,audit,demo,delivery,privacy,public,scheduling}/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'botbuilder',
                'botbuilder-*',
                'botframework-*',
                '@microsoft/teams-ai',
                '@microsoft/teams-ai/*',
                'restify',
                'restify/*',
                '../bot/*',
                '**/bot/*',
                '**/bot/**',
              ],
              message:
                'Application services stay framework-neutral: take a structural deps interface instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
