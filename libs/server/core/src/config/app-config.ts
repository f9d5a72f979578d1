import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

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

  /** Trust X-Forwarded-For (set only behind a proxy that overwrites it; it decides the client IP for rate limits). */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

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

  /** Published outbox rows older than this are deleted by the worker's pruner. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 168;

  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = true;

  /** How long an Idempotency-Key and its stored answer are kept (IETF draft: at least 24 h). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  IDEMPOTENCY_TTL_SECONDS = 86400;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  WORKER_METRICS_PORT?: number = 4001;

  /** Encrypts webhook signing secrets at rest (AES-256-GCM, key derived by SHA-256). Set a long random value in production. */
  @IsString()
  @MinLength(16)
  WEBHOOK_SECRET_KEY = 'dev-webhook-secret-key-change-me';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** Waits before each retry (first attempt is immediate); after the last one a delivery is dead-lettered. */
  @IsString()
  WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

  /** Multiplies every webhook wait (retries, Retry-After, disable period, secret overlap): tests use e.g. 0.001. */
  @Transform(toInt)
  @IsNumber()
  @Min(0)
  WEBHOOK_TIME_SCALE = 1;

  /** +/- fraction of random jitter on each retry wait. */
  @Transform(toInt)
  @IsNumber()
  @Min(0)
  @Max(1)
  WEBHOOK_RETRY_JITTER = 0.2;

  /** A subscription failing without a single success for this long is disabled. */
  @IsString()
  WEBHOOK_DISABLE_AFTER = '5d';

  /** How long the previous signing secret keeps signing after a rotation. */
  @IsString()
  WEBHOOK_SECRET_OVERLAP = '24h';

  /** Comma list of hostnames, IPs or CIDRs that subscriptions may target even when private, best with a port (`127.0.0.1:8080`); without one every port is open (warned at boot). */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  /** Lets subscriptions target loopback/private/link-local addresses (local demo only). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /**
   * Finished deliveries (succeeded or dead) are kept this long with their attempts (listing, replay), then pruned by
   * the worker with the event envelopes nothing references any more. Pending and retrying deliveries are never pruned.
   */
  @IsString()
  WEBHOOK_RETENTION = '30d';

  /** How often the worker re-enqueues overdue deliveries and disables long-failing subscriptions. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_SWEEP_MS = 30000;

  /**
   * How often each live socket's credentials are re-checked (a revoked key is disconnected by then at the latest);
   * 0 turns the periodic check off (key revocations still arrive at once through Redis).
   */
  @Transform(toInt)
  @IsInt()
  @ValidateIf((c: { REALTIME_REVALIDATE_MS: number }) => c.REALTIME_REVALIDATE_MS !== 0)
  @Min(100)
  REALTIME_REVALIDATE_MS = 30000;

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

  // --- Shopify sync (README: "Shopify sync") ---

  /** The Shopify app's client id. The default is the app the dev stack and tests register in the emulator. */
  @IsString()
  SHOPIFY_CLIENT_ID = 'retailos-dev-app';

  /** The app's client secret: signs OAuth redirects and webhooks. Set the real one in production. */
  @IsString()
  @MinLength(16)
  SHOPIFY_CLIENT_SECRET = 'dev-shopify-client-secret-change-me';

  /**
   * Where a shop's Admin API and OAuth live; `{shop}` is replaced by the shop's myshopify domain. Empty: `https://{shop}`
   * in production, the local emulator (`http://127.0.0.1:<SHOPIFY_EMULATOR_PORT>/shops/{shop}`) otherwise.
   */
  @IsString()
  SHOPIFY_BASE_URL = '';

  @Transform(toInt)
  @IsInt()
  SHOPIFY_EMULATOR_PORT = 4100;

  /** Comma list of OAuth scopes requested at install. */
  @IsString()
  SHOPIFY_SCOPES =
    'read_products,write_products,read_inventory,write_inventory,read_locations,read_orders,write_orders,read_customers,write_customers';

  /** Public base URL of this api as Shopify reaches it (OAuth redirect, webhook callbacks). Empty: http://127.0.0.1:<PORT>. */
  @IsString()
  SHOPIFY_APP_URL = '';

  /** Encrypts Shopify access tokens at rest (AES-256-GCM, key derived by SHA-256). Set a long random value in production. */
  @IsString()
  @MinLength(16)
  SHOPIFY_TOKEN_KEY = 'dev-shopify-token-key-change-me';

  /** Attempts per Admin API call on 429, 5xx and network errors (THROTTLED answers wait for the bucket instead). */
  /** How often the worker looks for new Shopify webhook deliveries in the inbox (the api enqueues nothing per delivery). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  SHOPIFY_INBOX_POLL_MS = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SHOPIFY_MAX_ATTEMPTS = 8;

  /** First retry wait; doubles per attempt (capped at 30 s), with +/- 50 % jitter. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SHOPIFY_RETRY_BASE_MS = 500;

  /** Orders the initial import brings in: those created in the last N days; 0 imports every order. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHOPIFY_IMPORT_ORDER_DAYS = 0;

  /** Rows (root objects with their children) upserted per transaction and checkpoint by the initial import. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SHOPIFY_IMPORT_BATCH = 100;
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
