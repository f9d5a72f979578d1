import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { IDENTITY_ADMIN, type IdentityAdmin } from '@retailos/shared/contracts';
import { WORKSPACE_PLANS, WORKSPACE_ROLES, type WorkspacePlan, type WorkspaceRole } from '@retailos/shared/contracts';
import { parseFlags, required, UsageError } from './cli-args';

/**
 * Operator CLI: `npm run --silent cli -- <command> [--flag value ...]`.
 * stdout carries exactly one JSON document; diagnostics go to stderr and failures exit non-zero.
 */
const USAGE = `usage: npm run --silent cli -- <command> [options]
  workspace:create --name <n> --owner-email <e> --owner-password <p> [--plan free|pro|enterprise] [--currency USD]
  user:create      --workspace <id> --email <e> --password <p> --role owner|admin|staff
  apikey:create    --workspace <id> --name <n> --scopes <comma list or *> [--expires-at <ISO date>]
  apikey:revoke    --id <id>`;

@Module({ imports: [ConfigModule, DatabaseModule, IdentityModule] })
class CliModule {}

type Command = (facade: IdentityAdmin, argv: string[]) => Promise<unknown>;

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

const COMMANDS: Record<string, Command> = {
  'workspace:create': async (facade, argv) => {
    const f = parseFlags(argv, ['name', 'owner-email', 'owner-password', 'plan', 'currency']);
    return facade.createWorkspace({
      name: required(f, 'name'),
      ownerEmail: required(f, 'owner-email'),
      ownerPassword: required(f, 'owner-password'),
      plan: oneOf<WorkspacePlan>(f['plan'] ?? 'free', WORKSPACE_PLANS, 'plan'),
      currency: f['currency'],
    });
  },
  'user:create': async (facade, argv) => {
    const f = parseFlags(argv, ['workspace', 'email', 'password', 'role']);
    return facade.createUser({
      workspaceId: required(f, 'workspace'),
      email: required(f, 'email'),
      password: required(f, 'password'),
      role: oneOf<WorkspaceRole>(required(f, 'role'), WORKSPACE_ROLES, 'role'),
    });
  },
  'apikey:create': async (facade, argv) => {
    const f = parseFlags(argv, ['workspace', 'name', 'scopes', 'expires-at']);
    const scopes = required(f, 'scopes')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const expiresAt = f['expires-at'] ? new Date(f['expires-at']) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new UsageError('--expires-at must be an ISO 8601 date');
    const created = await facade.createApiKey({
      workspaceId: required(f, 'workspace'),
      name: required(f, 'name'),
      scopes,
      expiresAt,
    });
    return {
      id: created.id,
      key: created.key,
      prefix: created.prefix,
      scopes: created.scopes,
      expiresAt: created.expiresAt,
    };
  },
  'apikey:revoke': async (facade, argv) => {
    const f = parseFlags(argv, ['id']);
    const revoked = await facade.revokeApiKey(required(f, 'id'));
    return { id: revoked.id, revokedAt: revoked.revokedAt };
  },
};

function fail(message: string, code: string, exitCode: number): never {
  process.stderr.write(`${JSON.stringify({ error: code, message })}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const [name, ...argv] = process.argv.slice(2);
  if (!name || name === '--help' || name === 'help') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(name ? 0 : 2);
  }
  const command = COMMANDS[name];
  if (!command) fail(`unknown command "${name}"\n${USAGE}`, 'usage', 2);

  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
    const result = await command(app.get<IdentityAdmin>(IDENTITY_ADMIN), argv);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    if (err instanceof UsageError) fail(`${err.message}\n${USAGE}`, 'usage', 2);
    if (err instanceof DomainError)
      fail(
        err.errors ? `${err.message} ${err.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` : err.message,
        err.code,
        1,
      );
    fail((err as Error).message, 'internal_error', 1);
  } finally {
    await app?.close().catch(() => undefined);
  }
}

void main();
