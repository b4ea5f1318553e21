// Lint: correctness rules and the layering of ARCHITECTURE.md (core stays pure, the client never reaches into lsp/).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test/e2e/.run/**', 'bench/.data/**', '**/*.mjs', '**/*.js'],
  },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'vscode',
            'vscode-languageserver',
            'vscode-languageserver/*',
            'vscode-languageclient*',
            'fs',
            'node:fs',
            'fs/*',
            'node:fs/*',
            'child_process',
            'node:child_process',
            'process',
            'node:process',
            '**/lsp/*',
            '../protocol',
            '../../protocol',
            '../../../protocol',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require'],
    },
  },
  { files: ['server/src/**/*.ts'], rules: { 'no-console': 'error' } },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/server/src/lsp/*', '**/server/src/server'] },
      ],
    },
  },
);
