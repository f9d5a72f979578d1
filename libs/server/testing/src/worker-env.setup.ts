import { dbUrl, TEST_REDIS_URL, workerDbName, workerId, workerRedisPrefix } from './test-env';

// Runs in every Jest worker before any test module loads: the app config then reads this worker's database and prefix.
process.env['NODE_ENV'] = 'test';
process.env['DATABASE_URL'] = dbUrl(workerDbName(workerId()));
process.env['REDIS_URL'] = TEST_REDIS_URL;
process.env['REDIS_PREFIX'] = workerRedisPrefix();
process.env['LOG_LEVEL'] = process.env['TEST_LOG_LEVEL'] ?? 'silent';
process.env['WORKER_METRICS_PORT'] = '-1';
