// Type-aware lint (STYLE.md "Guardrails"): floating promises, type-only imports, and deciders
// kept free of Nest, TypeORM and kafkajs.
// ESLint reads only the default export; the named ones are for the config's own test.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files that hold domain logic only (no I/O); `e2e/lint-purity.unit.spec.ts` checks what they match. */
export const PURE_FILES = [
  '**/*.decider.ts',
  '**/*.evolve.ts',
  '**/*.checks.ts',
  '**/*.policy.ts',
  '**/domain/**/*.ts',
  'services/routing/src/workflow/**/*.ts',
  'libs/agency-desk/src/**/*.ts',
];
export const PURITY_BAN = [
  '@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'pg', 'express',
  '@lienthong/platform', '@lienthong/platform/*', '@lienthong/messaging', '@lienthong/messaging/*',
];

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
    // Every pure file (STYLE.md "Domain code"): deciders, their checks, policies and evolve
    // functions, domain folders, routing's workflow and the agency-desk kernel. The libraries that
    // carry Nest or kafkajs in (platform, messaging) and express are banned with them.
    files: PURE_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: PURITY_BAN, message: 'Pure code (decide/evolve, checks, policies): no Nest, TypeORM, kafkajs, pg, express, or the platform and messaging libraries that carry them in.' },
      ] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/bench/**/*.ts', '**/cli.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
