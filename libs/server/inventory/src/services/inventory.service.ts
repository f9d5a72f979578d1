import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  DEFAULT_PAGE_LIMIT,
  keysetTimestamp,
  NotFoundError,
  readCursor,
  toPage,
  ValidationFailedError,
} from '@retailos/server/core';
import { CATALOG_FACADE, type CatalogFacade, type LevelView, type Page, type ResolvedVariant } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type { AdjustmentDto, ListLevelsQueryDto, ListMovementsQueryDto, TransferDto, VariantRefDto } from '../dto/inventory.dto';
import { LevelWriter, toLevelView, type LevelRow, type MovementMeta } from './level-writer.service';

export interface MovementView {
  id: string;
  variantId: string;
  locationId: string;
  delta: number;
  reason: string;
  reference: string | null;
  actor: string | null;
  availableAfter: number;
  onHandAfter: number;
  createdAt: string;
}

interface MovementRow {
  id: string;
  variant_id: string;
  location_id: string;
  delta: number;
  reason: string;
  reference: string | null;
  actor: string | null;
  available_after: number;
  on_hand_after: number;
  created_at: Date;
  ck: string;
}

@Injectable()
export class InventoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly writer: LevelWriter,
    private readonly config: AppConfig,
    @Inject(CATALOG_FACADE) private readonly catalog: CatalogFacade,
  ) {}

  async listLevels(workspaceId: string, query: ListLevelsQueryDto): Promise<Page<LevelView & { sku: string | null }>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = { list: 'inventory_levels', workspaceId, sku: query.sku, variantId: query.variantId, locationId: query.locationId };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const where = ['l.workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (query.sku || query.variantId) {
      const [variant] = (await this.catalog.resolveVariants(null, workspaceId, [{ sku: query.sku, variantId: query.variantId }])).variants;
      if (!variant) return { data: [], nextCursor: null };
      where.push('l.variant_id = ?');
      params.push(variant.id);
    }
    if (query.locationId) {
      where.push('l.location_id = ?');
      params.push(query.locationId);
    }
    if (after) {
      where.push('l.id > ?');
      params.push(String(after[0]));
    }
    params.push(limit + 1);
    const rows = (await this.em.fork().execute(
      `select l.id, l.variant_id, l.location_id, l.available, l.on_hand, l.committed, l.updated_at
         from inventory_levels l where ${where.join(' and ')} order by l.id limit ?`,
      params,
    )) as LevelRow[];
    const skus = await this.skusOf(workspaceId, rows.map((r) => r.variant_id));
    return toPage(rows, limit, (r) => [r.id], (r) => ({ ...toLevelView(r), sku: skus.get(r.variant_id) ?? null }), filters, this.config.CURSOR_SECRET);
  }

  async listMovements(workspaceId: string, query: ListMovementsQueryDto): Promise<Page<MovementView>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = { list: 'inventory_movements', workspaceId, sku: query.sku, variantId: query.variantId, locationId: query.locationId, reference: query.reference };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const where = ['m.workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (query.sku || query.variantId) {
      const [variant] = (await this.catalog.resolveVariants(null, workspaceId, [{ sku: query.sku, variantId: query.variantId }])).variants;
      if (!variant) return { data: [], nextCursor: null };
      where.push('m.variant_id = ?');
      params.push(variant.id);
    }
    if (query.locationId) {
      where.push('m.location_id = ?');
      params.push(query.locationId);
    }
    if (query.reference) {
      where.push('m.reference = ?');
      params.push(query.reference);
    }
    if (after) {
      where.push('(m.created_at, m.id) < (?::timestamptz, ?)');
      params.push(String(after[0]), String(after[1]));
    }
    params.push(limit + 1);
    const rows = (await this.em.fork().execute(
      `select m.*, ${keysetTimestamp('m.created_at')} as ck from inventory_movements m
        where ${where.join(' and ')} order by m.created_at desc, m.id desc limit ?`,
      params,
    )) as MovementRow[];
    return toPage(
      rows,
      limit,
      (r) => [r.ck, r.id],
      (r) => ({
        id: r.id,
        variantId: r.variant_id,
        locationId: r.location_id,
        delta: r.delta,
        reason: r.reason,
        reference: r.reference,
        actor: r.actor,
        availableAfter: r.available_after,
        onHandAfter: r.on_hand_after,
        createdAt: new Date(r.created_at).toISOString(),
      }),
      filters,
      this.config.CURSOR_SECRET,
    );
  }

  async adjust(workspaceId: string, dto: AdjustmentDto, actor: string): Promise<LevelView & { sku: string; delta: number }> {
    if (dto.delta !== undefined && dto.set !== undefined) {
      throw new ValidationFailedError([{ field: 'set', message: 'give either delta or set, not both' }]);
    }
    if (dto.expected !== undefined && dto.set === undefined) {
      throw new ValidationFailedError([{ field: 'expected', message: 'expected only goes with set' }]);
    }
    const variant = await this.variantOf(workspaceId, dto);
    await this.assertLocation(workspaceId, dto.locationId);
    const meta: MovementMeta = { reason: dto.set !== undefined ? 'set' : dto.reason, reference: dto.reference ?? dto.reason, actor };
    return this.em.fork().transactional(async (tem) => {
      await this.writer.notify(tem);
      let delta: number;
      if (dto.set !== undefined) {
        // Lock the level (creating it at zero if new) so the compare-and-set is exact.
        await tem.execute(
          `insert into inventory_levels (id, workspace_id, variant_id, location_id) values (?, ?, ?, ?)
           on conflict (variant_id, location_id) do nothing`,
          [newId('lvl'), workspaceId, variant.id, dto.locationId],
        );
        const [current] = (await tem.execute(
          'select available from inventory_levels where workspace_id = ? and variant_id = ? and location_id = ? for update',
          [workspaceId, variant.id, dto.locationId],
        )) as { available: number }[];
        const now = current?.available ?? 0;
        if (dto.expected !== undefined && dto.expected !== now) {
          throw new ConflictError('inventory_changed', `Available is ${now}, not the expected ${dto.expected}.`, {
            sku: variant.sku,
            expected: dto.expected,
            available: now,
          });
        }
        delta = dto.set - now;
      } else {
        delta = dto.delta ?? 0;
      }
      const row =
        delta === 0
          ? await this.writer.current(tem, workspaceId, variant.id, dto.locationId)
          : await this.writer.applyDelta(tem, workspaceId, variant.id, dto.locationId, delta, variant.allowBackorder, meta);
      if (!row) {
        const level = await this.writer.current(tem, workspaceId, variant.id, dto.locationId);
        throw new ConflictError('insufficient_stock', `Only ${level?.available ?? 0} available for ${variant.sku}.`, {
          shortLines: [{ sku: variant.sku, variantId: variant.id, requested: -delta, available: Math.max(0, level?.available ?? 0) }],
        });
      }
      return { ...toLevelView(row), sku: variant.sku, delta };
    });
  }

  async transfer(
    workspaceId: string,
    dto: TransferDto,
    actor: string,
  ): Promise<{ reference: string; from: LevelView; to: LevelView; sku: string; quantity: number }> {
    if (dto.fromLocationId === dto.toLocationId) {
      throw new ValidationFailedError([{ field: 'toLocationId', message: 'toLocationId must differ from fromLocationId' }]);
    }
    const variant = await this.variantOf(workspaceId, dto);
    await this.assertLocation(workspaceId, dto.fromLocationId);
    await this.assertLocation(workspaceId, dto.toLocationId);
    const reference = dto.reference ?? newId('trf');
    return this.em.fork().transactional(async (tem) => {
      // Lock the two levels in location-id order: two opposite transfers cannot deadlock.
      const legs = [
        { locationId: dto.fromLocationId, delta: -dto.quantity, reason: 'transfer_out' as const },
        { locationId: dto.toLocationId, delta: dto.quantity, reason: 'transfer_in' as const },
      ].sort((a, b) => (a.locationId < b.locationId ? -1 : 1));
      const results = new Map<string, LevelRow>();
      await this.writer.notify(tem);
      for (const leg of legs) {
        const meta: MovementMeta = { reason: leg.reason, reference, actor };
        // A transfer never creates a backorder: it moves stock that physically exists.
        const row = await this.writer.applyDelta(tem, workspaceId, variant.id, leg.locationId, leg.delta, false, meta);
        if (!row) {
          const level = await this.writer.current(tem, workspaceId, variant.id, leg.locationId);
          throw new ConflictError('insufficient_stock', `Only ${level?.available ?? 0} of ${variant.sku} available at the source.`, {
            shortLines: [{ sku: variant.sku, variantId: variant.id, requested: dto.quantity, available: Math.max(0, level?.available ?? 0) }],
          });
        }
        results.set(leg.locationId, row);
      }
      return {
        reference,
        sku: variant.sku,
        quantity: dto.quantity,
        from: toLevelView(results.get(dto.fromLocationId) as LevelRow),
        to: toLevelView(results.get(dto.toLocationId) as LevelRow),
      };
    });
  }

  private async variantOf(workspaceId: string, ref: VariantRefDto): Promise<ResolvedVariant> {
    const [variant] = (await this.catalog.resolveVariants(null, workspaceId, [{ sku: ref.sku, variantId: ref.variantId }])).variants;
    if (!variant) throw new NotFoundError('Variant', ref.variantId ?? ref.sku);
    return variant;
  }

  private async assertLocation(workspaceId: string, locationId: string): Promise<void> {
    const rows = (await this.em.fork().execute('select 1 as ok from locations where id = ? and workspace_id = ?', [locationId, workspaceId])) as unknown[];
    if (rows.length === 0) throw new NotFoundError('Location', locationId);
  }

  private async skusOf(workspaceId: string, variantIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(variantIds)];
    if (unique.length === 0) return new Map();
    const { variants } = await this.catalog.resolveVariants(null, workspaceId, unique.map((variantId) => ({ variantId })));
    return new Map(variants.filter((v): v is ResolvedVariant => v !== null).map((v) => [v.id, v.sku]));
  }
}
