import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { createRedis } from '@retailos/server/queue';
import type IORedis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';

export interface OAuthStateClaim {
  workspaceId: string;
  sessionId: string;
  shop: string;
}

const TTL_SECONDS = 600;

/** OAuth `state` nonces: random, bound to the session that asked, single use (GETDEL), gone after 10 minutes. */
@Injectable()
export class OAuthStateStore implements OnModuleDestroy {
  private redis?: IORedis;

  constructor(private readonly config: AppConfig) {}

  private client(): IORedis {
    this.redis ??= createRedis(this.config.REDIS_URL, { maxRetriesPerRequest: 3 });
    return this.redis;
  }

  private key(state: string): string {
    // Only a hash of the nonce is stored: reading Redis does not let anyone complete someone's install.
    return `${this.config.REDIS_PREFIX}:sync:oauth-state:${createHash('sha256').update(state).digest('hex')}`;
  }

  async issue(claim: OAuthStateClaim): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    await this.client().set(this.key(state), JSON.stringify(claim), 'EX', TTL_SECONDS);
    return state;
  }

  /** The claim, once: a second call with the same state answers null. */
  async consume(state: string): Promise<OAuthStateClaim | null> {
    const raw = await this.client().getdel(this.key(state));
    return raw ? (JSON.parse(raw) as OAuthStateClaim) : null;
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }
}
