import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, dbUrl, templateDbName, workerDbName } from './test-env';

interface JestGlobalConfig {
  maxWorkers: number;
}

/**
 * Migrates one template database with the real migration CLI, then clones one database per Jest worker from it
 * (CREATE DATABASE ... TEMPLATE is a file copy: milliseconds, not a re-migration).
 */
export default async function globalSetup(globalConfig: JestGlobalConfig): Promise<void> {
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  process.env['RETAILOS_TEST_RUN'] = run;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const template = templateDbName(run);
    await admin.query(`CREATE DATABASE "${template}"`);
    const root = resolve(__dirname, '../../../..');
    const migrated = spawnSync(process.execPath, [resolve(root, 'tools/dev/run.mjs'), 'tools/db/migrate.ts', 'up'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl(template), LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (migrated.status !== 0)
      throw new Error(`Migrating the test template failed:\n${migrated.stdout}\n${migrated.stderr}`);
    const workers = Math.max(1, globalConfig.maxWorkers);
    for (let i = 1; i <= workers; i++) {
      await admin.query(`CREATE DATABASE "${workerDbName(i, run)}" TEMPLATE "${template}"`);
    }
  } finally {
    await admin.end();
  }
}
