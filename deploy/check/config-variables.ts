import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { ConfigError, configVariables, loadConfig } from '@lienthong/platform';

/** A service's environment variables, from its validated config class (the one list). */
export interface ConfigVariables {
  /** Every variable the class declares (`configVariables`). */
  all: string[];
  /** Those without `@IsOptional` / `@ValidateIf` and without a default (field initialiser). */
  required: string[];
}

export function variablesOf<T extends object>(schema: new () => T): ConfigVariables {
  const all = configVariables(schema);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const conditional = new Set(
    metadata.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName),
  );
  const defaults = new schema() as Record<string, unknown>;
  const required = all.filter((name) => !conditional.has(name) && defaults[name] === undefined);
  return { all, required };
}

/** What is wrong with the variables a manifest gives one service's container. */
export interface EnvProblems {
  unknown: string[];
  missing: string[];
  /** The service's own start-up validation, run on the manifest's values (one line each). */
  invalid: string[];
}

/**
 * Checks one container's environment against the config class: names unknown to the class,
 * required names absent, and values the service would refuse at start-up.
 */
export function checkEnvironment<T extends object>(
  service: string,
  schema: new () => T,
  env: Record<string, string>,
): EnvProblems {
  const { all, required } = variablesOf(schema);
  const names = Object.keys(env);
  const unknown = names.filter((n) => !all.includes(n)).sort();
  const missing = required.filter((n) => !names.includes(n));
  let invalid: string[] = [];
  try {
    loadConfig(service, schema, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    invalid = e.problems;
  }
  return { unknown, missing, invalid };
}

/**
 * Docker Compose interpolation, enough for the manifests here: `${VAR:-default}` and
 * `${VAR-default}` become the default, `${VAR}` and `$VAR` become `fallback`, `${VAR:?message}`
 * (required from the operator) a value naming VAR (an https URL for *_URL variables).
 */
export function interpolateCompose(value: string, fallback = 'x'): string {
  return value
    // `${VAR:?message}`: compose refuses to start without VAR; the check assumes an operator's value.
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}/g, (_m, name: string) =>
      name.endsWith('_URL') ? `https://operator-supplied.example/${name}` : `operator-supplied-${name.toLowerCase().replace(/_/g, '-')}`,
    )
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, _name: string, def?: string) => def ?? fallback)
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, () => fallback);
}
