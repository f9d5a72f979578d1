import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every environment variable the server reads, typed and defaulted in one place, validated once at boot.
 * The README's table mirrors this class.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 4000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/retailos';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DATABASE_POOL_MAX = 20;

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespaces every Redis key (BullMQ queues, rate limits, socket fan-out) so tests and tenants of one Redis never collide. */
  @IsString()
  REDIS_PREFIX = 'retailos';

  /** Signs pagination cursors. Set a long random value in production. */
  @IsString()
  @MinLength(16)
  CURSOR_SECRET = 'dev-cursor-secret-change-me';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WORKER_CONCURRENCY = 8;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 100;

  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  WORKER_METRICS_PORT?: number = 4001;

  // --- identity: sessions, login lockout, API keys, rate limits (README: "Identity & tenancy") ---

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_HOURS = 12;

  /** Failed logins for one account within LOGIN_LOCKOUT_SECONDS before it is locked for that long. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_IP_MAX_FAILURES = 50;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_SECONDS = 900;

  /** Added delay per failure once an account or IP has failed twice (slows guessing before the lock). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LOGIN_SLOWDOWN_MS = 200;

  /** How long a validated API key is trusted in-process; revocation still applies on the next request (Redis). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  API_KEY_CACHE_TTL_SECONDS = 60;

  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Requests per window per workspace, by plan. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_FREE = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PRO = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ENTERPRISE = 12000;

  /** Requests per window per client IP on calls without credentials. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_IP = 120;
}

export class ConfigValidationError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const known = Object.keys(defaults) as (keyof AppConfig)[];
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigValidationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
