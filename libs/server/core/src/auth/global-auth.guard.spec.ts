import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '@retailos/shared/contracts';
import { AUTH_RULE, type AuthRule } from './auth.decorators';
import type { Authenticator } from './authenticator';
import { GlobalAuthGuard } from './global-auth.guard';

// No live route needs two scopes yet, so the e2e walk cannot tell "all of" from "any one of"; this pins the rule.
function contextFor(rule: AuthRule): ExecutionContext {
  const handler = (): void => undefined;
  Reflect.defineMetadata(AUTH_RULE, rule, handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

const guardFor = (scopes: Principal['scopes']): GlobalAuthGuard => {
  const principal: Principal = { kind: 'api_key', workspaceId: 'ws_1', plan: 'free', scopes };
  const authenticator: Authenticator = { authenticate: () => Promise.resolve(principal) };
  return new GlobalAuthGuard(new Reflector(), authenticator, []);
};

describe('GlobalAuthGuard scopes', () => {
  const rule: AuthRule = { kind: 'scopes', scopes: ['orders:read', 'orders:write'] };

  it('needs every listed scope, not any one of them', async () => {
    for (const held of [['orders:read'], ['orders:write'], ['products:read', 'orders:write']] as const) {
      await expect(guardFor(held).canActivate(contextFor(rule))).rejects.toMatchObject({
        code: 'insufficient_scope',
        status: 403,
      });
    }
  });

  it('lets a principal holding all of them, or *, through', async () => {
    await expect(guardFor(['orders:write', 'orders:read']).canActivate(contextFor(rule))).resolves.toBe(true);
    await expect(guardFor(['*']).canActivate(contextFor(rule))).resolves.toBe(true);
  });
});
