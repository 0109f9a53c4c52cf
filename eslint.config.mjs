// Lint rules: strict TypeScript, no focused, skipped or placeholder tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const focused = 'Focused tests hide the rest of the suite.';
const skipped = 'A skipped test proves nothing.';
const todo = 'A test to write later proves nothing: write it, or keep the note in an issue.';
const zodNamespace =
  "import * as z from 'zod': esbuild then leaves out of each bundle what no schema uses (Zod's 40 locales, its JSON Schema conversion: 355 KB).";

export default tseslint.config(
  // scratch-*.ts: a developer's throwaway files, outside the type check too (tsconfig.json).
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', '.kafaat/', 'scratch-*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: focused },
        { object: 'it', property: 'skip', message: skipped },
        { object: 'it', property: 'todo', message: todo },
        { object: 'describe', property: 'only', message: focused },
        { object: 'describe', property: 'skip', message: skipped },
        { object: 'test', property: 'only', message: focused },
        { object: 'test', property: 'skip', message: skipped },
        { object: 'test', property: 'todo', message: todo },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: zodNamespace,
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fit', message: focused },
        { name: 'fdescribe', message: focused },
        { name: 'xit', message: skipped },
        { name: 'xtest', message: skipped },
        { name: 'xdescribe', message: skipped },
      ],
    },
  },
  {
    // CommonJS files run by Node itself: the jest configs and the summary reporter.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
