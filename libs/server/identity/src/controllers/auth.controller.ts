import '@fastify/cookie';
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiView, AppConfig, CurrentPrincipal, Public, RequireScopes, RequireSession } from '@retailos/server/core';
import type { LoginResponse, PingView, Principal, WhoAmI } from '@retailos/shared/contracts';
import type { FastifyReply } from 'fastify';
import type { IdentityRequest } from '../auth/identity-request';
import { CSRF_COOKIE, csrfTokenFor, SESSION_COOKIE } from '../domain/tokens';
import { LoginDto } from '../dto/login.dto';
import { LoginService } from '../services/login.service';
import { SessionsService } from '../services/sessions.service';
import { WorkspacesService } from '../services/workspaces.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly config: AppConfig,
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff sign-in: sets an HttpOnly session cookie and returns the CSRF token.' })
  @ApiView('LoginResponse')
  async signIn(
    @Body() dto: LoginDto,
    @Req() req: IdentityRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const result = await this.login.login({
      email: dto.email,
      password: dto.password,
      workspaceId: dto.workspaceId,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      previousToken: req.cookies?.[SESSION_COOKIE],
    });
    const csrfToken = csrfTokenFor(result.token);
    const common = {
      path: '/',
      sameSite: 'lax' as const,
      secure: this.config.NODE_ENV !== 'development',
      maxAge: this.config.SESSION_TTL_HOURS * 3600,
    };
    void reply.setCookie(SESSION_COOKIE, result.token, { ...common, httpOnly: true });
    // Readable by the dashboard's script, which echoes it in the x-csrf-token header.
    void reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
    return {
      user: result.user,
      workspace: result.workspace,
      role: result.role,
      csrfToken,
      expiresAt: result.expiresAt.toISOString(),
    };
  }

  @RequireSession()
  @Post('logout')
  @HttpCode(204)
  @ApiCookieAuth('session')
  @ApiOperation({ summary: 'Revokes the current session (needs the x-csrf-token header).' })
  async signOut(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (principal.sessionId) await this.sessions.revoke(principal.workspaceId, principal.sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    void reply.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @RequireScopes()
  @Get('me')
  @ApiView('WhoAmI')
  @ApiOperation({ summary: 'Who is calling: a staff session or an API key, its workspace and effective scopes.' })
  async me(@CurrentPrincipal() principal: Principal): Promise<WhoAmI> {
    const workspace = await this.workspaces.get(principal.workspaceId);
    const email = principal.userId ? await this.workspaces.userEmail(principal.userId) : null;
    return {
      kind: principal.kind,
      workspace,
      user: principal.userId ? { id: principal.userId, email } : null,
      role: principal.role ?? null,
      apiKeyId: principal.apiKeyId ?? null,
      scopes: [...principal.scopes],
    };
  }

  // Trivial routes for the auth-overhead benchmark: identical work, one public and one behind an API key.
  @Public()
  @Get('ping')
  @ApiView('PingView')
  @ApiOperation({ summary: 'Liveness of the auth pipeline without credentials (benchmark baseline).' })
  ping(): PingView {
    return { ok: true };
  }

  @RequireScopes()
  @Get('ping/key')
  @ApiView('PingView')
  @ApiOperation({ summary: 'Same as /auth/ping, but authenticated.' })
  pingAuthenticated(): PingView {
    return { ok: true };
  }
}
