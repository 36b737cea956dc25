import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@gridflow/config';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Connection options shared by the apps, the CLI and the tests. Never `synchronize`. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize' | 'instanceName'> &
    Partial<Pick<AppConfig, 'dbConnectTimeoutMs'>>,
) {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: `gridflow ${config.instanceName}`.slice(0, 63),
    extra: { max: config.dbPoolSize, connectionTimeoutMillis: config.dbConnectTimeoutMs ?? 5000 },
  } satisfies DataSourceOptions;
}
