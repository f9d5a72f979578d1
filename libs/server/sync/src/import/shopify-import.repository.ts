import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { tenantEm, WITHOUT_TENANT_FILTER } from '@retailos/server/database';
import { ShopifyImport, type ImportCount } from '../entities/shopify-import.entity';
import { ShopifyWebhook } from '../entities/shopify-webhook.entity';

/** Import checkpoints, always named by workspace. */
@Injectable()
export class ShopifyImportRepository {
  constructor(private readonly em: EntityManager) {}

  fork(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  byId(em: EntityManager, workspaceId: string, id: string): Promise<ShopifyImport | null> {
    return em.findOne(ShopifyImport, { id, workspaceId });
  }

  latest(em: EntityManager, workspaceId: string): Promise<ShopifyImport | null> {
    return em.findOne(ShopifyImport, { workspaceId }, { orderBy: { startedAt: 'desc', id: 'desc' } });
  }

  running(em: EntityManager, workspaceId: string): Promise<ShopifyImport | null> {
    return em.findOne(ShopifyImport, { workspaceId, status: 'running' });
  }

  /**
   * Whether deliveries must wait: an import still reading Shopify's data, read with a share lock, so an apply that sees "running" holds its
   * row before the import's completion (which takes the row for update) commits, and the release then finds it.
   */
  async holdsWebhooks(tx: EntityManager, workspaceId: string): Promise<boolean> {
    const running = await tx.findOne(
      ShopifyImport,
      { workspaceId, status: 'running', stage: { $nin: ['webhooks', 'done'] } },
      { lockMode: LockMode.PESSIMISTIC_READ, fields: ['id'] },
    );
    return running !== null;
  }

  /** Every running import of every workspace (a booting worker resumes them); global by design. */
  async allRunning(): Promise<{ id: string; workspaceId: string }[]> {
    const rows = await this.em
      .fork()
      .find(ShopifyImport, { status: 'running' }, { ...WITHOUT_TENANT_FILTER, fields: ['id', 'workspaceId'] });
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspaceId }));
  }

  /**
   * Advances the checkpoint only from where this runner read it (compare-and-set on operation and offset): a second
   * runner of the same import (a stalled job recovered while a re-enqueued one runs) fails here and rolls its batch back.
   */
  async advance(
    tx: EntityManager,
    imp: { id: string; workspaceId: string },
    from: { bulkOperationId: string | null; lineOffset: number },
    to: { lineOffset: number; counts: Record<string, ImportCount> },
  ): Promise<boolean> {
    const n = await tx.nativeUpdate(
      ShopifyImport,
      {
        id: imp.id,
        workspaceId: imp.workspaceId,
        status: 'running',
        bulkOperationId: from.bulkOperationId,
        lineOffset: from.lineOffset,
      },
      { lineOffset: to.lineOffset, counts: to.counts, checkpointAt: new Date() },
    );
    return n === 1;
  }

  /** Inbox rows still waiting, oldest trigger first (the held deliveries, released once the import is done). */
  async waitingWebhooks(em: EntityManager, workspaceId: string): Promise<string[]> {
    const rows = await em.find(
      ShopifyWebhook,
      { workspaceId, status: 'received' },
      { fields: ['id'], orderBy: { triggeredAt: 'asc nulls last', createdAt: 'asc', id: 'asc' } },
    );
    return rows.map((r) => r.id);
  }
}
