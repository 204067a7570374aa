// Type-aware lint (STYLE.md "Guardrails"): floating promises, type-only imports, and deciders
// kept free of Nest, TypeORM and kafkajs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Decorated classes need their constructor parameter types as values for Nest's DI and
    // class-validator's metadata, so type-only imports would break them at run time.
    files: ['services/**/*.ts', 'libs/messaging/src/nest/**/*.ts', 'libs/platform/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.decider.ts', '**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'pg'], message: 'Deciders are pure: no Nest, TypeORM, kafkajs or pg.' },
      ] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts', '**/cli.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
