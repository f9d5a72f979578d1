import type { INestApplicationContext } from '@nestjs/common';
import {
  IDENTITY_ADMIN,
  type IdentityAdmin,
  type ScopeGrant,
  type WorkspacePlan,
  type WorkspaceRole,
} from '@retailos/shared/contracts';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** Anything with the api's base URL; pass the TestApp itself so seeding goes in-process (fast). */
export interface ApiTarget {
  url: string;
  app?: INestApplicationContext;
}

export interface StaffSession {
  /** Value for a `cookie` request header (session + CSRF cookies). */
  cookie: string;
  /** Value for the `x-csrf-token` header on state-changing requests. */
  csrf: string;
  /** The raw session token (tests only: to check it never leaks). */
  sessionToken: string;
}

export interface SeededWorkspace {
  workspaceId: string;
  ownerUserId: string;
  ownerEmail: string;
  ownerPassword: string;
  /** Operator key with scopes `*`. */
  apiKey: string;
  createKey(scopes: string[], opts?: { name?: string; expiresAt?: Date }): Promise<string>;
  /** `headers` e.g. a distinct `x-forwarded-for` where a suite trusts a proxy and keeps per-IP budgets tiny. */
  login(headers?: Record<string, string>): Promise<StaffSession>;
  /** Another staff user of this workspace, with its credentials. */
  addUser(
    role: WorkspaceRole,
  ): Promise<{ userId: string; email: string; password: string; login(): Promise<StaffSession> }>;
}

const unique = (): string => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

function runCli(args: string[]): Record<string, string> {
  const root = resolve(__dirname, '../../../..');
  const out = spawnSync(process.execPath, [resolve(root, 'tools/dev/run.mjs'), 'tools/cli/main.ts', ...args], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`cli ${args[0]} failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, string>;
}

export async function loginAs(
  api: ApiTarget,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<StaffSession> {
  const res = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const session = cookies.find((c) => c.startsWith('retailos_session='));
  if (!session) throw new Error('login answered without a session cookie');
  return { cookie: cookies.join('; '), csrf: body.csrfToken, sessionToken: session.slice('retailos_session='.length) };
}

/** A fresh workspace with an owner, an operator API key (`*`) and helpers. Never assume an empty database. */
export async function seedWorkspace(
  api: ApiTarget,
  opts: { plan?: WorkspacePlan; name?: string; currency?: string } = {},
): Promise<SeededWorkspace> {
  const id = unique();
  const ownerEmail = `owner-${id}@example.test`;
  const ownerPassword = `pw-${randomBytes(12).toString('hex')}`;
  // Enterprise by default so other suites do not trip the per-workspace rate limit by accident.
  const plan = opts.plan ?? 'enterprise';
  const name = opts.name ?? `Workspace ${id}`;
  const facade = api.app?.get<IdentityAdmin>(IDENTITY_ADMIN, { strict: false });

  let workspaceId: string;
  let ownerUserId: string;
  const createKey = async (scopes: string[], keyOpts: { name?: string; expiresAt?: Date } = {}): Promise<string> => {
    if (facade) {
      const created = await facade.createApiKey({
        workspaceId,
        name: keyOpts.name ?? `test key (${scopes.length} scopes)`,
        scopes: scopes as ScopeGrant[],
        expiresAt: keyOpts.expiresAt,
      });
      return created.key;
    }
    if (keyOpts.expiresAt) throw new Error('expiring keys need the in-process app');
    return runCli([
      'apikey:create',
      '--workspace',
      workspaceId,
      '--name',
      keyOpts.name ?? 'test key',
      '--scopes',
      scopes.join(','),
    ])['key'] as string;
  };

  if (facade) {
    ({ workspaceId, userId: ownerUserId } = await facade.createWorkspace({
      name,
      plan,
      currency: opts.currency,
      ownerEmail,
      ownerPassword,
    }));
  } else {
    const args = [
      'workspace:create',
      '--name',
      name,
      '--owner-email',
      ownerEmail,
      '--owner-password',
      ownerPassword,
      '--plan',
      plan,
    ];
    if (opts.currency) args.push('--currency', opts.currency);
    const out = runCli(args);
    workspaceId = out['workspaceId'] as string;
    ownerUserId = out['userId'] as string;
  }
  const apiKey = await createKey(['*'], { name: 'seed key' });

  return {
    workspaceId,
    ownerUserId,
    ownerEmail,
    ownerPassword,
    apiKey,
    createKey,
    login: (headers) => loginAs(api, ownerEmail, ownerPassword, headers),
    addUser: async (role) => {
      const email = `${role}-${unique()}@example.test`;
      const password = `pw-${randomBytes(12).toString('hex')}`;
      const userId = facade
        ? (await facade.createUser({ workspaceId, email, password, role })).userId
        : (runCli([
            'user:create',
            '--workspace',
            workspaceId,
            '--email',
            email,
            '--password',
            password,
            '--role',
            role,
          ])['userId'] as string);
      return { userId, email, password, login: () => loginAs(api, email, password) };
    },
  };
}

/** Headers for an API-key call. */
export function bearer(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, ...extra };
}

/** Headers for a cookie-session call (CSRF included; harmless on GET). */
export function sessionHeaders(session: StaffSession, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, ...extra };
}
