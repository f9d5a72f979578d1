import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import { JobProducer } from '@retailos/server/queue';
import {
  INVENTORY_FACADE,
  ORDERS_FACADE,
  type ImportedOrder,
  type InventoryFacade,
  type OrdersFacade,
  type ShopifyImportProgressView,
} from '@retailos/shared/contracts';
import { ShopifyImport, type ImportCount, type ImportStage } from '../entities/shopify-import.entity';
import { ShopifyLocationMap } from '../entities/shopify-location-map.entity';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { InboundCustomersService } from '../services/inbound-customers.service';
import { InboundProductsService } from '../services/inbound-products.service';
import { ShopifyTokens } from '../services/shopify-tokens.service';
import { SyncHistoryService } from '../services/sync-history.service';
import { BULK_OPERATION_RUN_QUERY, BULK_OPERATION_STATUS } from '../shopify/operations';
import { ShopifyGraphql } from '../shopify/shopify-graphql.service';
import { bulkQueryOf, IMPORT_PHASES, type ImportPhase } from './bulk-queries';
import { customerPayloadOf, levelsOf, productPayloadOf } from './import-mappers';
import { readBulkGroups, type BulkGroup } from './jsonl-reader';
import { importedOrderOf, importOrders, type OrderLinks } from './order-import';
import { ShopifyImportRepository } from './shopify-import.repository';

/** Another runner of the same import moved its checkpoint: this one stops and leaves it to that one. */
export class ImportSupersededError extends Error {}

export type ImportProgressView = ShopifyImportProgressView;

export function importProgressView(imp: ShopifyImport): ImportProgressView {
  const current = imp.counts[imp.stage];
  const all = Object.values(imp.counts).reduce((n, c) => n + c.done, 0);
  const end = imp.finishedAt ?? imp.checkpointAt ?? new Date();
  const seconds = Math.max(0.001, (end.getTime() - imp.startedAt.getTime()) / 1000);
  return {
    id: imp.id,
    status: imp.status,
    entity: imp.stage,
    done: current?.done ?? 0,
    total: current?.total ?? null,
    rate: Math.round((all / seconds) * 10) / 10,
    counts: imp.counts,
    startedAt: imp.startedAt.toISOString(),
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    error: imp.error,
  };
}

interface Checkpoint {
  id: string;
  workspaceId: string;
  stage: ImportStage;
  bulkOperationId: string | null;
  lineOffset: number;
  counts: Record<string, ImportCount>;
  ordersSince: Date | null;
}

interface RunContext {
  cp: Checkpoint;
  shop: string;
  token: string;
  cause: SyncCause;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const nextStage = (phase: ImportPhase): ImportStage => IMPORT_PHASES[IMPORT_PHASES.indexOf(phase) + 1] ?? 'webhooks';

/**
 * The initial import: per entity one bulk operation, its JSONL streamed line by line and applied in batches through
 * the same inbound paths as webhooks (source `import`), each batch committed together with the checkpoint that says
 * how far the file is applied. A killed worker's import resumes from that checkpoint (boot re-enqueue, or BullMQ's
 * stalled-job recovery); deliveries arriving meanwhile wait in the inbox and are released at the end.
 */
@Injectable()
export class ShopifyImportService {
  private readonly logger = new Logger('ShopifyImport');
  readonly batchSize: number;
  private readonly orderDays: number;

  constructor(
    private readonly imports: ShopifyImportRepository,
    private readonly connections: ShopifyConnectionRepository,
    private readonly tokens: ShopifyTokens,
    private readonly shopify: ShopifyGraphql,
    private readonly products: InboundProductsService,
    private readonly customers: InboundCustomersService,
    private readonly history: SyncHistoryService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobProducer,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
    @Inject(ORDERS_FACADE) private readonly orders: OrdersFacade,
    config: AppConfig,
  ) {
    this.batchSize = config.SHOPIFY_IMPORT_BATCH;
    this.orderDays = config.SHOPIFY_IMPORT_ORDER_DAYS;
  }

  /** The connection's import: started once (a re-run of setup finds it), its job enqueued while it runs. */
  async begin(workspaceId: string, connectionId: string): Promise<string> {
    const em = this.imports.fork(workspaceId);
    let imp = await em.findOne(ShopifyImport, { workspaceId, connectionId }, { orderBy: { startedAt: 'desc' } });
    if (!imp) {
      const since = this.orderDays > 0 ? new Date(Date.now() - this.orderDays * 86_400_000) : null;
      imp = new ShopifyImport(workspaceId, connectionId, since);
      try {
        await em.persistAndFlush(imp);
      } catch (err) {
        // Another import of this workspace is running (unique partial index): that one is the import.
        if ((err as { code?: string }).code !== '23505') throw err;
        imp = await this.imports.running(this.imports.fork(workspaceId), workspaceId);
        if (!imp) throw err;
      }
    }
    if (imp.status === 'running')
      await this.jobs.enqueue('sync.import.run', { workspaceId, importId: imp.id }, { jobId: `import-${imp.id}` });
    return imp.id;
  }

  /** A booting worker: every running import gets a fresh job (the killed copy's job may stay stalled for a while). */
  async resumeAll(): Promise<number> {
    const running = await this.imports.allRunning();
    const boot = Date.now().toString(36);
    for (const r of running) {
      await this.jobs.enqueue(
        'sync.import.run',
        { workspaceId: r.workspaceId, importId: r.id },
        { jobId: `import-${r.id}-resume-${boot}` },
      );
    }
    return running.length;
  }

  async progress(workspaceId: string): Promise<ImportProgressView | null> {
    const imp = await this.imports.latest(this.imports.fork(workspaceId), workspaceId);
    return imp ? importProgressView(imp) : null;
  }

  async run(
    workspaceId: string,
    importId: string,
    jobId: string | undefined,
    lastAttempt: boolean,
  ): Promise<{ status: string }> {
    const em = this.imports.fork(workspaceId);
    const imp = await this.imports.byId(em, workspaceId, importId);
    if (!imp || imp.status !== 'running') return { status: imp?.status ?? 'missing' };
    const connection = await this.connections.byId(em, workspaceId, imp.connectionId);
    if (!connection || connection.status !== 'active') {
      await this.fail(workspaceId, importId, 'The Shopify connection is no longer active.');
      return { status: 'failed' };
    }
    const ctx: RunContext = {
      cp: {
        id: imp.id,
        workspaceId,
        stage: imp.stage,
        bulkOperationId: imp.bulkOperationId,
        lineOffset: imp.lineOffset,
        counts: { ...imp.counts },
        ordersSince: imp.ordersSince,
      },
      shop: connection.shopDomain,
      token: this.tokens.open(connection),
      cause: { jobId },
    };
    try {
      while (ctx.cp.stage !== 'done') {
        if (ctx.cp.stage === 'webhooks') {
          await this.releaseAndFinish(ctx.cp);
          break;
        }
        const phase = ctx.cp.stage;
        const url = await this.completedOperation(ctx, phase);
        if (url) await this.consume(ctx, phase, url);
        await this.moveTo(ctx.cp, nextStage(phase));
      }
      this.logger.log({ workspaceId, importId, counts: ctx.cp.counts }, 'import completed');
      return { status: 'completed' };
    } catch (err) {
      if (err instanceof ImportSupersededError) return { status: 'superseded' };
      if (lastAttempt) await this.fail(workspaceId, importId, (err as Error).message.slice(0, 500));
      throw err;
    }
  }

  /** The phase's bulk operation, started if the checkpoint has none (or the one it has did not complete); its result URL once COMPLETED. */
  private async completedOperation(ctx: RunContext, phase: ImportPhase): Promise<string | null> {
    const { cp } = ctx;
    for (;;) {
      if (!cp.bulkOperationId) {
        const res = await this.shopify.request(ctx.shop, ctx.token, BULK_OPERATION_RUN_QUERY, {
          query: bulkQueryOf(phase, cp.ordersSince),
        });
        const op = res.bulkOperationRunQuery?.bulkOperation;
        const errors = res.bulkOperationRunQuery?.userErrors ?? [];
        if (!op)
          throw new Error(`bulkOperationRunQuery (${phase}) refused: ${errors.map((e) => e.message).join('; ')}`);
        const counts = { ...cp.counts, [phase]: { done: 0, total: null } };
        const n = await this.imports
          .fork(cp.workspaceId)
          .nativeUpdate(
            ShopifyImport,
            { id: cp.id, workspaceId: cp.workspaceId, status: 'running', stage: phase, bulkOperationId: null },
            { bulkOperationId: op.id, lineOffset: 0, counts, checkpointAt: new Date() },
          );
        if (n !== 1) throw new ImportSupersededError();
        Object.assign(cp, { bulkOperationId: op.id, lineOffset: 0, counts });
      }
      const status = await this.waitFor(ctx, cp.bulkOperationId as string);
      if (status.status === 'COMPLETED') {
        cp.counts = {
          ...cp.counts,
          [phase]: { done: cp.counts[phase]?.done ?? 0, total: Number(status.rootObjectCount ?? 0) },
        };
        return status.url ?? null;
      }
      // Failed, canceled or gone: the phase starts over with a new operation (its upserts are idempotent).
      this.logger.warn(
        {
          workspaceId: cp.workspaceId,
          phase,
          op: cp.bulkOperationId,
          status: status.status,
          errorCode: status.errorCode,
        },
        'bulk operation did not complete; restarting the phase',
      );
      const n = await this.imports
        .fork(cp.workspaceId)
        .nativeUpdate(
          ShopifyImport,
          { id: cp.id, workspaceId: cp.workspaceId, status: 'running', bulkOperationId: cp.bulkOperationId },
          { bulkOperationId: null, lineOffset: 0 },
        );
      if (n !== 1) throw new ImportSupersededError();
      Object.assign(cp, { bulkOperationId: null, lineOffset: 0 });
    }
  }

  private async waitFor(
    ctx: RunContext,
    id: string,
  ): Promise<{ status: string; errorCode?: string | null; rootObjectCount?: string | null; url?: string | null }> {
    for (let i = 0; ; i++) {
      const res = await this.shopify.request(ctx.shop, ctx.token, BULK_OPERATION_STATUS, { id });
      const node = res.node as {
        status?: string;
        errorCode?: string | null;
        rootObjectCount?: string | null;
        url?: string | null;
      } | null;
      if (!node?.status) return { status: 'GONE' };
      if (TERMINAL.has(node.status)) return node as { status: string };
      await sleep(Math.min(2000, 50 * 2 ** Math.min(i, 6)));
    }
  }

  private async consume(ctx: RunContext, phase: ImportPhase, url: string): Promise<void> {
    let batch: BulkGroup[] = [];
    for await (const group of readBulkGroups(url, ctx.cp.lineOffset)) {
      batch.push(group);
      if (batch.length >= this.batchSize) {
        await this.applyBatch(ctx, phase, batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.applyBatch(ctx, phase, batch);
  }

  /** One transaction: the batch's upserts, the checkpoint past its last line, and the progress event. */
  private async applyBatch(ctx: RunContext, phase: ImportPhase, groups: BulkGroup[]): Promise<void> {
    const { cp } = ctx;
    const endLine = groups[groups.length - 1]?.endLine ?? cp.lineOffset;
    const prev = cp.counts[phase] ?? { done: 0, total: null };
    const counts = { ...cp.counts, [phase]: { done: prev.done + groups.length, total: prev.total } };
    await this.imports.fork(cp.workspaceId).transactional(async (tx) => {
      // The checkpoint moves first: its row stays locked until this batch commits, so a second runner of the same
      // import (a resumed job beside a stalled one after a kill -9) waits here, then finds the checkpoint moved and
      // stands down, instead of writing the same rows and failing on their unique indexes.
      const moved = await this.imports.advance(
        tx,
        cp,
        { bulkOperationId: cp.bulkOperationId, lineOffset: cp.lineOffset },
        { lineOffset: endLine, counts },
      );
      if (!moved) throw new ImportSupersededError();
      // The batch's Sync History events go out in one insert at its end (same transaction, one row per entry still).
      await this.history.collected(tx, () => this.applyRows(tx, ctx, phase, groups));
      await tx.flush();
      const imp = await this.imports.byId(tx, cp.workspaceId, cp.id);
      if (imp) {
        Object.assign(imp, { lineOffset: endLine, counts, stage: phase, checkpointAt: new Date() });
        await this.outbox.append(tx, cp.workspaceId, 'sync.import.progress', importProgressView(imp));
      }
    });
    Object.assign(cp, { lineOffset: endLine, counts });
  }

  private async applyRows(tx: EntityManager, ctx: RunContext, phase: ImportPhase, groups: BulkGroup[]): Promise<void> {
    const { cp } = ctx;
    switch (phase) {
      case 'locations':
        await this.applyLocations(tx, cp.workspaceId, groups);
        break;
      case 'products': {
        // The webhook merge, row by row, with its reads done once for the batch and its writes once per run of rows
        // that do not depend on each other (InboundProductsService.applyImportBatch). The transaction's entities are
        // let go with it (a fresh fork per batch), so a flush walks one batch's rows, never the shop's.
        const payloads = groups.map((g) => productPayloadOf(g.root, g.children));
        await this.products.applyImportBatch(tx, cp.workspaceId, payloads, ctx.cause);
        break;
      }
      case 'inventory':
        await this.applyLevels(tx, cp.workspaceId, groups, ctx.cause);
        break;
      case 'customers':
        // The batch's reads, its customers' write and their events together; records and history flush with the batch.
        await this.customers.applyBatch(
          tx,
          cp.workspaceId,
          groups.map((g) => customerPayloadOf(g.root)),
          ctx.cause,
        );
        break;
      case 'orders':
        await this.applyOrders(tx, cp.workspaceId, groups, ctx.cause);
        break;
    }
  }

  private async applyLocations(tx: EntityManager, workspaceId: string, groups: BulkGroup[]): Promise<void> {
    for (const { root } of groups) {
      const gid = root['id'];
      if (typeof gid !== 'string') continue;
      const name = typeof root['name'] === 'string' ? root['name'] : gid;
      const active = root['isActive'] !== false;
      const existing = await tx.findOne(ShopifyLocationMap, { workspaceId, shopifyLocationGid: gid });
      if (existing) {
        Object.assign(existing, { shopifyName: name, shopifyActive: active });
        continue;
      }
      // Our location is created by its own context (its own commit); the map row commits with the checkpoint.
      const ours = await this.inventory.createLocation(workspaceId, { name });
      tx.persist(new ShopifyLocationMap(workspaceId, gid, name, active, ours.id));
    }
  }

  private async applyLevels(
    tx: EntityManager,
    workspaceId: string,
    groups: BulkGroup[],
    cause: SyncCause,
  ): Promise<void> {
    const items = groups.map((g) => levelsOf(g.root, g.children));
    const variantGids = items.map((i) => i.variantGid).filter((g): g is string => g !== null);
    const variants = await this.localIds(tx, workspaceId, 'variant', variantGids);
    const maps = await tx.find(ShopifyLocationMap, {
      workspaceId,
      shopifyLocationGid: { $in: [...new Set(items.flatMap((i) => i.levels.map((l) => l.locationGid)))] },
    });
    const locations = new Map(maps.map((m) => [m.shopifyLocationGid, m.locationId]));
    const rows: { variantId: string; variantGid: string; locationId: string; available: number; reference: string }[] =
      [];
    for (const item of items) {
      const variantId = item.variantGid ? variants.get(item.variantGid) : undefined;
      if (!variantId || !item.variantGid) continue;
      for (const level of item.levels) {
        const locationId = locations.get(level.locationGid);
        if (!locationId) continue;
        const reference = `shopify-import:${level.locationGid}`;
        rows.push({ variantId, variantGid: item.variantGid, locationId, available: level.available, reference });
      }
    }
    // The batch's levels locked together, one ledger row per level that differs (none when re-applied).
    const deltas = await this.inventory.setLevelsFromSync(tx, workspaceId, rows, {
      reference: 'shopify-import',
      actor: 'shopify',
    });
    for (const [i, row] of rows.entries()) {
      const delta = deltas[i]?.delta ?? 0;
      if (delta === 0) continue;
      await this.history.record(
        tx,
        new SyncHistoryEntry({
          workspaceId,
          entityType: 'inventory_level',
          entityId: row.variantId,
          gid: row.variantGid,
          direction: 'inbound',
          source: 'import',
          changes: [{ field: `available@${row.locationId}`, before: row.available - delta, after: row.available }],
          conflicts: [],
          cause,
          actor: 'shopify',
        }),
      );
    }
  }

  private async applyOrders(
    tx: EntityManager,
    workspaceId: string,
    groups: BulkGroup[],
    cause: SyncCause,
  ): Promise<void> {
    const variantGids: string[] = [];
    const customerGids: string[] = [];
    for (const g of groups) {
      const c = (g.root['customer'] as { id?: unknown } | null)?.id;
      if (typeof c === 'string') customerGids.push(c);
      for (const li of g.children) {
        const v = (li['variant'] as { id?: unknown } | null)?.id;
        if (typeof v === 'string') variantGids.push(v);
      }
    }
    // Orders carry no location on Shopify's side here: they are booked at the shop's first mapped location.
    const first = await tx.findOne(
      ShopifyLocationMap,
      { workspaceId, locationId: { $ne: null } },
      { orderBy: { shopifyLocationGid: 'asc' } },
    );
    if (!first?.locationId) throw new Error('No Shopify location is mapped to one of ours; orders cannot be imported.');
    const links: OrderLinks = {
      variants: await this.localIds(tx, workspaceId, 'variant', variantGids),
      customers: await this.localIds(tx, workspaceId, 'customer', customerGids),
      locationId: first.locationId,
    };
    const items: { order: ImportedOrder; updatedAt: Date }[] = [];
    for (const g of groups) {
      const order = importedOrderOf(g.root, g.children, links);
      if (!order) continue;
      const updatedAt = new Date(typeof g.root['updatedAt'] === 'string' ? g.root['updatedAt'] : order.createdAt);
      items.push({ order, updatedAt });
    }
    // The batch's orders, lines, sync records and history written together: one flush (the caller's).
    await importOrders(tx, this.orders, this.history, workspaceId, items, cause);
  }

  private async localIds(
    tx: EntityManager,
    workspaceId: string,
    entityType: SyncRecord['entityType'],
    gids: string[],
  ): Promise<Map<string, string>> {
    if (gids.length === 0) return new Map();
    const rows = await tx.find(
      SyncRecord,
      { workspaceId, entityType, gid: { $in: [...new Set(gids)] } },
      // Kept out of the identity map: a partial record there would stand in for the full one a later lookup wants.
      { fields: ['gid', 'localId'], disableIdentityMap: true },
    );
    return new Map(rows.map((r) => [r.gid, r.localId]));
  }

  private async moveTo(cp: Checkpoint, stage: ImportStage): Promise<void> {
    // Taken for update: an apply that read "importing" (share lock) commits its held row first.
    await this.imports.fork(cp.workspaceId).transactional(async (tx) => {
      const imp = await tx.findOne(
        ShopifyImport,
        {
          id: cp.id,
          workspaceId: cp.workspaceId,
          status: 'running',
          stage: cp.stage,
          bulkOperationId: cp.bulkOperationId,
        },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!imp) throw new ImportSupersededError();
      Object.assign(imp, { stage, bulkOperationId: null, lineOffset: 0, counts: cp.counts, checkpointAt: new Date() });
      await this.outbox.append(tx, cp.workspaceId, 'sync.import.progress', importProgressView(imp));
    });
    Object.assign(cp, { stage, bulkOperationId: null, lineOffset: 0 });
  }

  /**
   * From stage `webhooks` on, new deliveries apply at once; the ones held during the import are enqueued in trigger
   * order (deterministic job ids per import: a re-run after a crash collapses onto them), then the import completes.
   */
  private async releaseAndFinish(cp: Checkpoint): Promise<void> {
    const held = await this.imports.waitingWebhooks(this.imports.fork(cp.workspaceId), cp.workspaceId);
    for (const inboxId of held) {
      await this.jobs.enqueue(
        'sync.webhook.apply',
        { workspaceId: cp.workspaceId, inboxId },
        { jobId: `apply-${inboxId}-after-${cp.id}` },
      );
    }
    await this.imports.fork(cp.workspaceId).transactional(async (tx) => {
      const imp = await tx.findOne(
        ShopifyImport,
        { id: cp.id, workspaceId: cp.workspaceId, status: 'running' },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!imp) throw new ImportSupersededError();
      Object.assign(imp, { status: 'completed', stage: 'done', finishedAt: new Date(), checkpointAt: new Date() });
      await this.outbox.append(tx, cp.workspaceId, 'sync.import.progress', importProgressView(imp));
    });
    cp.stage = 'done';
    this.logger.log({ workspaceId: cp.workspaceId, importId: cp.id, released: held.length }, 'held webhooks released');
  }

  private async fail(workspaceId: string, importId: string, error: string): Promise<void> {
    await this.imports.fork(workspaceId).transactional(async (tx) => {
      const imp = await tx.findOne(
        ShopifyImport,
        { id: importId, workspaceId, status: 'running' },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!imp) return;
      Object.assign(imp, { status: 'failed', finishedAt: new Date(), error });
      await this.outbox.append(tx, workspaceId, 'sync.import.progress', importProgressView(imp));
    });
  }
}
