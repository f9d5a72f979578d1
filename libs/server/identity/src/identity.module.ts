import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AUTHENTICATOR, installEarlyPolicies, REQUEST_POLICIES, type RequestPolicy } from '@retailos/server/core';
import { IDENTITY_ADMIN, WORKSPACE_DIRECTORY } from '@retailos/shared/contracts';
import type { FastifyInstance } from 'fastify';
import { CsrfPolicy } from './auth/csrf.policy';
import { IdentityAuthenticator } from './auth/identity-authenticator';
import type { IdentityRequest } from './auth/identity-request';
import { RATE_LIMIT_HEADERS, RateLimitPolicy, writeRateLimitHeaders } from './auth/rate-limit.policy';
import { ApiKeysController } from './controllers/api-keys.controller';
import { AuthController } from './controllers/auth.controller';
import { IdentityAdminService } from './identity-admin.service';
import { IdentityRepository } from './repositories/identity.repository';
import { ApiKeysService } from './services/api-keys.service';
import { IdentityRedis } from './services/identity-redis';
import { LoginService } from './services/login.service';
import { RateLimiter } from './services/rate-limiter.service';
import { SessionsService } from './services/sessions.service';
import { WorkspaceDirectoryService } from './services/workspace-directory.service';
import { WorkspacesService } from './services/workspaces.service';
import { identityEntities } from './entities';

/**
 * Workspaces, staff users, sessions, API keys, and the request pipeline pieces core's GlobalAuthGuard asks for:
 * the AUTHENTICATOR and the REQUEST_POLICIES (rate limit, then CSRF). Not global: the apps pass it as a port to the
 * contexts that inject WORKSPACE_DIRECTORY or the request pipeline tokens; operators and tests use IDENTITY_ADMIN.
 */
@Module({
  imports: [MikroOrmModule.forFeature(identityEntities)],
  controllers: [AuthController, ApiKeysController],
  providers: [
    IdentityRepository,
    IdentityRedis,
    RateLimiter,
    WorkspacesService,
    ApiKeysService,
    SessionsService,
    LoginService,
    IdentityAdminService,
    WorkspaceDirectoryService,
    IdentityAuthenticator,
    RateLimitPolicy,
    CsrfPolicy,
    { provide: IDENTITY_ADMIN, useExisting: IdentityAdminService },
    { provide: WORKSPACE_DIRECTORY, useExisting: WorkspaceDirectoryService },
    { provide: AUTHENTICATOR, useExisting: IdentityAuthenticator },
    {
      provide: REQUEST_POLICIES,
      inject: [RateLimitPolicy, CsrfPolicy],
      useFactory: (rateLimit: RateLimitPolicy, csrf: CsrfPolicy): RequestPolicy[] => [rateLimit, csrf],
    },
  ],
  exports: [IDENTITY_ADMIN, WORKSPACE_DIRECTORY, AUTHENTICATOR, REQUEST_POLICIES],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(REQUEST_POLICIES) private readonly policies: RequestPolicy[],
    private readonly authenticator: IdentityAuthenticator,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addHook !== 'function') return;
    // Requests refused before the guard (framework errors, bad bodies, unknown routes) count against the limits too.
    installEarlyPolicies(fastify, this.policies, this.authenticator);
    // Rate-limit headers on every answer the guard saw, errors included (401, 403, 404, 429, 400). The rate-limit
    // policy normally wrote them already; this covers refusals by the authenticator, which stop before the policies.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const state = (request as IdentityRequest).rateLimit;
      if (state && !reply.hasHeader(RATE_LIMIT_HEADERS.limit)) writeRateLimitHeaders(reply, state);
      done(null, payload);
    });
  }
}
