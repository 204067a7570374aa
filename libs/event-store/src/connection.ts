import type { DataSourceOptions } from 'typeorm';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validated here so the schema can be put in search_path and identifiers without quoting games. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}": use [a-z_][a-z0-9_]*`);
}

/**
 * Every connection gets `search_path = <schema>`, so the store's SQL, the messaging helpers'
 * `tx.query` and services' read-model SQL all use unqualified table names.
 */
export function connectionOptions(url: string, schema: string, poolSize: number): DataSourceOptions {
  assertSchemaName(schema);
  return {
    type: 'postgres',
    url,
    schema,
    synchronize: false,
    logging: false,
    entities: [],
    migrationsTableName: 'migrations',
    poolSize,
    extra: { max: poolSize, options: `-c search_path=${schema}` },
  };
}

/** Connection config for a plain pg.Client (the processors' lock/LISTEN connection). */
export function pgClientConfig(url: string, schema: string): { connectionString: string; options: string } {
  assertSchemaName(schema);
  return { connectionString: url, options: `-c search_path=${schema}` };
}
