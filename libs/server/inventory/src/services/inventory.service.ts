import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  keysetPage,
  NotFoundError,
  ValidationFailedError,
  type KeysetPageOptions,
  type KeysetPosition,
} from '@retailos/server/core';
import {
  CATALOG_FACADE,
  type CatalogFacade,
  type LevelView,
  type Page,
  type ResolvedVariant,
} from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type {
  AdjustmentDto,
  ListLevelsQueryDto,
  ListMovementsQueryDto,
  TransferDto,
  VariantRefDto,
} from '../dto/inventory.dto';
import { InventoryRepository } from '../repositories/inventory.repository';
import { levelView, movementView, type MovementView } from './inventory-views';
import { LevelWriter, toLevelView, type LevelRow, type MovementMeta } from './level-writer.sql';

export type { MovementView };

@Injectable()
export class InventoryService {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly writer: LevelWriter,
    private readonly config: AppConfig,
    @Inject(CATALOG_FACADE) private readonly catalog: CatalogFacade,
  ) {}

  async listLevels(workspaceId: string, query: ListLevelsQueryDto): Promise<Page<LevelView & { sku: string | null }>> {
    return this.variantPage(
      'inventory_levels',
      workspaceId,
      query,
      { locationId: query.locationId },
      {
        fetch: (filter, after, take) => this.inventory.listLevels(workspaceId, filter, after, take),
        keyOf: (l) => [l.id],
        map: async (rows) => {
          const skus = await this.skusOf(
            workspaceId,
            rows.map((r) => r.variantId),
          );
          return rows.map((r) => ({ ...levelView(r), sku: skus.get(r.variantId) ?? null }));
        },
      },
    );
  }

  async listMovements(workspaceId: string, query: ListMovementsQueryDto): Promise<Page<MovementView>> {
    const filter = { locationId: query.locationId, reference: query.reference };
    return this.variantPage('inventory_movements', workspaceId, query, filter, {
      fetch: (f, after, take) => this.inventory.listMovements(workspaceId, f, after, take),
      keyOf: (m) => [m.createdKey ?? '', m.id],
      map: (rows) => rows.map(movementView),
    });
  }

  /**
   * A keyset page of a list narrowed by `filter` and by the variant the query's sku/variantId names (the cursor is
   * bound to all of them). A sku or variantId that names no variant gives an empty page, its cursor still checked: a
   * tampered one is refused whatever the filters match.
   */
  private async variantPage<F extends object, R, T>(
    list: string,
    workspaceId: string,
    query: ListLevelsQueryDto,
    filter: F,
    page: Pick<KeysetPageOptions<R, T>, 'keyOf' | 'map'> & {
      fetch: (filter: F & { variantId?: string }, after: KeysetPosition | null, take: number) => Promise<R[]>;
    },
  ): Promise<Page<T>> {
    const variantId = await this.variantFilter(workspaceId, query);
    return keysetPage({
      list,
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters: { sku: query.sku, variantId: query.variantId, ...filter },
      secret: this.config.CURSOR_SECRET,
      fetch: async (after, take) => (variantId === null ? [] : page.fetch({ ...filter, variantId }, after, take)),
      keyOf: page.keyOf,
      map: page.map,
    });
  }

  /** The variant a sku/variantId filter names: undefined without one, null when it names none (an empty page). */
  private async variantFilter(workspaceId: string, query: VariantRefDto): Promise<string | undefined | null> {
    if (!query.sku && !query.variantId) return undefined;
    const [variant] = (
      await this.catalog.resolveVariants(null, workspaceId, [{ sku: query.sku, variantId: query.variantId }])
    ).variants;
    return variant ? variant.id : null;
  }

  async adjust(
    workspaceId: string,
    dto: AdjustmentDto,
    actor: string,
  ): Promise<LevelView & { sku: string; delta: number }> {
    if (dto.delta !== undefined && dto.set !== undefined) {
      throw new ValidationFailedError([{ field: 'set', message: 'give either delta or set, not both' }]);
    }
    if (dto.expected !== undefined && dto.set === undefined) {
      throw new ValidationFailedError([{ field: 'expected', message: 'expected only goes with set' }]);
    }
    const variant = await this.variantOf(workspaceId, dto);
    await this.assertLocation(workspaceId, dto.locationId);
    const meta: MovementMeta = {
      reason: dto.set !== undefined ? 'set' : dto.reason,
      reference: dto.reference ?? dto.reason,
      actor,
    };
    return this.inventory.scope(workspaceId).transactional(async (tem) => {
      await this.writer.notify(tem);
      let delta: number;
      if (dto.set !== undefined) {
        const now = await this.writer.lockLevel(tem, workspaceId, variant.id, dto.locationId);
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
          : await this.writer.applyDelta(tem, {
              workspaceId,
              variantId: variant.id,
              locationId: dto.locationId,
              delta,
              allowNegative: variant.allowBackorder,
              meta,
            });
      if (!row) {
        const level = await this.writer.current(tem, workspaceId, variant.id, dto.locationId);
        throw new ConflictError('insufficient_stock', `Only ${level?.available ?? 0} available for ${variant.sku}.`, {
          shortLines: [
            {
              sku: variant.sku,
              variantId: variant.id,
              requested: -delta,
              available: Math.max(0, level?.available ?? 0),
            },
          ],
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
      throw new ValidationFailedError([
        { field: 'toLocationId', message: 'toLocationId must differ from fromLocationId' },
      ]);
    }
    const variant = await this.variantOf(workspaceId, dto);
    await this.assertLocation(workspaceId, dto.fromLocationId);
    await this.assertLocation(workspaceId, dto.toLocationId);
    const reference = dto.reference ?? newId('trf');
    return this.inventory.scope(workspaceId).transactional(async (tem) => {
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
        const row = await this.writer.applyDelta(tem, {
          workspaceId,
          variantId: variant.id,
          locationId: leg.locationId,
          delta: leg.delta,
          allowNegative: false,
          meta,
        });
        if (!row) {
          const level = await this.writer.current(tem, workspaceId, variant.id, leg.locationId);
          throw new ConflictError(
            'insufficient_stock',
            `Only ${level?.available ?? 0} of ${variant.sku} available at the source.`,
            {
              shortLines: [
                {
                  sku: variant.sku,
                  variantId: variant.id,
                  requested: dto.quantity,
                  available: Math.max(0, level?.available ?? 0),
                },
              ],
            },
          );
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
    const [variant] = (
      await this.catalog.resolveVariants(null, workspaceId, [{ sku: ref.sku, variantId: ref.variantId }])
    ).variants;
    if (!variant) throw new NotFoundError('Variant', ref.variantId ?? ref.sku);
    return variant;
  }

  private async assertLocation(workspaceId: string, locationId: string): Promise<void> {
    if (!(await this.inventory.locationExists(null, workspaceId, locationId)))
      throw new NotFoundError('Location', locationId);
  }

  private async skusOf(workspaceId: string, variantIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(variantIds)];
    if (unique.length === 0) return new Map();
    const { variants } = await this.catalog.resolveVariants(
      null,
      workspaceId,
      unique.map((variantId) => ({ variantId })),
    );
    return new Map(variants.filter((v): v is ResolvedVariant => v !== null).map((v) => [v.id, v.sku]));
  }
}
