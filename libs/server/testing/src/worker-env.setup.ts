import { dbUrl, TEST_REDIS_URL, workerDbName, workerId, workerRedisPrefix } from './test-env';

// Runs in every Jest worker before any test module loads: the app config then reads this worker's database and prefix.
process.env['NODE_ENV'] = 'test';
process.env['DATABASE_URL'] = dbUrl(workerDbName(workerId()));
process.env['REDIS_URL'] = TEST_REDIS_URL;
process.env['REDIS_PREFIX'] = workerRedisPrefix();
process.env['LOG_LEVEL'] = process.env['TEST_LOG_LEVEL'] ?? 'silent';
process.env['WORKER_METRICS_PORT'] = '-1';
// Every suite of a Jest worker calls from 127.0.0.1 within the same minute: a per-IP budget sized for one real client
// would make suites fail by the order they happen to run in. The rate-limit suite sets its own small limits.
process.env['RATE_LIMIT_IP'] = process.env['RATE_LIMIT_IP'] ?? '100000';
