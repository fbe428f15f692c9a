// ESLint flat config: @eslint/js recommended + typescript-eslint recommended (syntax only, no type information,
// so it runs before a build). Formatting is prettier's job (`prettier --check .` in `npm run lint`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    'build/',
    '**/node_modules/',
    '**/*.generated.ts',
    '**/*.d.ts',
    'var/',
    'coverage/',
    '.halfstack/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // `_`-prefixed names mark what a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `interface Config extends Schema {}` is a normal way to name a derived type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Log through the injected logger (STYLE.md habit 8).
      'no-console': 'error',
    },
  },
  {
    // Plain JavaScript files are CommonJS (bin scripts); .mjs tooling stays ESM.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Writing to the terminal is the job of the CLI, process entry points, scripts, benchmarks and tests.
    files: ['plugins/cli/**', '**/bin/**', '**/src/main.ts', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      // chai assertions are expressions: `expect(value).to.be.true`.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests build deliberately malformed input to check that it is rejected.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
