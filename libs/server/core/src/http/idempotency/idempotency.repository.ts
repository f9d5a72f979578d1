import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TENANT_FILTER } from '../../tenancy/tenant-filter';
import { IdempotencyKey } from './entities/idempotency-key.entity';

/** Every read and write of `idempotency_keys`. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  private scope(workspaceId: string): EntityManager {
    const em = this.em.fork({ clear: true });
    em.setFilterParams(TENANT_FILTER, { workspaceId });
    return em;
  }

  /**
   * One atomic INSERT ... ON CONFLICT: a new key is claimed, and so is an expired one or an in-flight claim of the same
   * request left stale by a dead process; anything else stays as it is. MikroORM's QueryBuilder drops the WHERE of an
   * ON CONFLICT update, so this one statement is built with the ORM's knex query builder (documented, public API).
   */
  async claim(
    workspaceId: string,
    key: string,
    hash: string,
    ttlSeconds: number,
    staleSeconds: number,
  ): Promise<boolean> {
    const em = this.em.fork();
    const knex = em.getKnex();
    const query = knex('idempotency_keys')
      .insert({
        workspace_id: workspaceId,
        key,
        request_hash: hash,
        state: 'in_flight',
        expires_at: knex.raw('now() + make_interval(secs => ?)', [ttlSeconds]),
      })
      .onConflict(['workspace_id', 'key'])
      .merge({
        request_hash: knex.ref('excluded.request_hash'),
        state: 'in_flight',
        response_status: null,
        response_content_type: null,
        response_body: null,
        locked_at: knex.fn.now(),
        created_at: knex.fn.now(),
        expires_at: knex.ref('excluded.expires_at'),
      })
      .where('idempotency_keys.expires_at', '<', knex.fn.now())
      .orWhere((stale) =>
        stale
          .where('idempotency_keys.state', 'in_flight')
          .andWhere('idempotency_keys.request_hash', knex.ref('excluded.request_hash'))
          .andWhere('idempotency_keys.locked_at', '<', knex.raw('now() - make_interval(secs => ?)', [staleSeconds])),
      )
      .returning('key');
    const rows = await em.execute<{ key: string }[]>(query);
    return rows.length > 0;
  }

  find(workspaceId: string, key: string): Promise<IdempotencyKey | null> {
    return this.scope(workspaceId).findOne(IdempotencyKey, { workspaceId, key });
  }

  async complete(workspaceId: string, key: string, status: number, contentType: string, body: string): Promise<void> {
    await this.scope(workspaceId).nativeUpdate(
      IdempotencyKey,
      { workspaceId, key },
      { state: 'completed', responseStatus: status, responseContentType: contentType, responseBody: body },
    );
  }

  async releaseInFlight(workspaceId: string, key: string): Promise<void> {
    await this.scope(workspaceId).nativeDelete(IdempotencyKey, { workspaceId, key, state: 'in_flight' });
  }

  /** Deletes up to `limit` expired keys of every workspace (small batches keep each delete short). */
  async deleteExpired(limit: number): Promise<number> {
    const em = this.em.fork();
    const knex = em.getKnex();
    const expired = knex('idempotency_keys').select('ctid').where('expires_at', '<', knex.fn.now()).limit(limit);
    const res = await em.execute<{ affectedRows: number }>(
      knex('idempotency_keys').whereIn('ctid', expired).del(),
      [],
      'run',
    );
    return res.affectedRows;
  }
}
