import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { positional } from '@retailos/server/core';
import type {
  ExportBatch,
  InventoryFacade,
  LevelView,
  MovementContext,
  ShortLine,
  SqlStatement,
  StockLine,
  TransactionHandle,
} from '@retailos/shared/contracts';
import { InventoryRepository } from '../repositories/inventory.repository';
import { inventoryExportBatch } from './inventory-export.sql';
import { LevelWriter } from './level-writer.sql';
import { levelView } from './inventory-views';

const EXPORT_COLUMNS = [
  'levelId',
  'variantId',
  'sku',
  'locationId',
  'locationName',
  'available',
  'onHand',
  'committed',
  'updatedAt',
] as const;

/** What orders (and the catalog's product views) may ask inventory. */
@Injectable()
export class InventoryFacadeService implements InventoryFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(
    private readonly em: EntityManager,
    private readonly writer: LevelWriter,
    private readonly inventory: InventoryRepository,
  ) {}

  async createLocation(workspaceId: string, input: { name: string; code?: string }): Promise<{ id: string }> {
    const created = await this.inventory.createLocation(workspaceId, { name: input.name, code: input.code });
    return { id: created.id };
  }

  async locationExists(tx: TransactionHandle | null, workspaceId: string, locationId: string): Promise<boolean> {
    return this.inventory.locationExists(tx as EntityManager | null, workspaceId, locationId);
  }

  reservationStatements(
    workspaceId: string,
    locationId: string,
    lines: StockLine[],
    ctx: MovementContext,
  ): { precheck: SqlStatement; reserve: SqlStatement[] } {
    const meta = { reason: 'order_placed' as const, reference: ctx.reference, actor: ctx.actor };
    const sorted = mergeLines(lines).sort((a, b) =>
      a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0,
    );
    const precheck = this.writer.precheckStatement(workspaceId, locationId, sorted);
    const reserve = [
      { text: this.writer.notifySql(), values: [] },
      ...sorted.map((line) => {
        const { sql, params } = this.writer.deltaStatement(
          {
            workspaceId,
            variantId: line.variantId,
            locationId,
            delta: -line.quantity,
            allowNegative: line.allowBackorder,
            meta,
          },
          true,
        );
        return positional(sql, params, { prepare: true });
      }),
    ];
    return { precheck, reserve };
  }

  async shortLines(workspaceId: string, locationId: string, lines: StockLine[]): Promise<ShortLine[]> {
    const checked = mergeLines(lines).filter((l) => !l.allowBackorder);
    if (checked.length === 0) return [];
    const levels = await this.inventory.levelsAt(
      workspaceId,
      locationId,
      checked.map((l) => l.variantId),
    );
    const available = new Map(levels.map((l) => [l.variantId, l.available]));
    return checked
      .map((l) => ({
        sku: l.sku,
        variantId: l.variantId,
        requested: l.quantity,
        available: Math.max(0, available.get(l.variantId) ?? 0),
      }))
      .filter((l) => l.available < l.requested);
  }

  async restock(
    tx: TransactionHandle,
    workspaceId: string,
    locationId: string,
    lines: { variantId: string; quantity: number }[],
    reason: 'order_cancelled' | 'order_returned',
    ctx: MovementContext,
  ): Promise<void> {
    const tem = tx as EntityManager;
    const sorted = [...lines].filter((l) => l.quantity > 0).sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
    const meta = { reason, reference: ctx.reference, actor: ctx.actor };
    if (sorted.length > 0) await this.writer.notify(tem);
    for (const line of sorted)
      await this.writer.applyDelta(tem, {
        workspaceId,
        variantId: line.variantId,
        locationId,
        delta: line.quantity,
        allowNegative: true,
        meta,
      });
  }

  async takeForSale(
    tx: TransactionHandle,
    workspaceId: string,
    locationId: string,
    lines: { variantId: string; quantity: number }[],
    ctx: MovementContext,
  ): Promise<void> {
    const tem = tx as EntityManager;
    const byVariant = new Map<string, number>();
    for (const l of lines)
      if (l.quantity > 0) byVariant.set(l.variantId, (byVariant.get(l.variantId) ?? 0) + l.quantity);
    const sorted = [...byVariant].sort(([a], [b]) => (a < b ? -1 : 1));
    if (sorted.length > 0) await this.writer.notify(tem);
    // The sale already happened elsewhere: never refused for shortage (allowNegative), the level may go below zero.
    const meta = { reason: 'order_placed' as const, reference: ctx.reference, actor: ctx.actor };
    for (const [variantId, quantity] of sorted)
      await this.writer.applyDelta(tem, {
        workspaceId,
        variantId,
        locationId,
        delta: -quantity,
        allowNegative: true,
        meta,
      });
  }

  async levelsForVariants(workspaceId: string, variantIds: string[]): Promise<LevelView[]> {
    if (variantIds.length === 0) return [];
    return (await this.inventory.levelsForVariants(workspaceId, variantIds)).map(levelView);
  }

  async setLevelsFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    levels: { variantId: string; locationId: string; available: number; reference?: string }[],
    ctx: MovementContext,
  ): Promise<{ delta: number }[]> {
    const tem = tx as EntityManager;
    // All locked at their current values first (two statements), then every change in one statement (level, ledger
    // row and event per level, as applyDelta writes them).
    const now = await this.writer.lockLevels(tem, workspaceId, levels);
    const deltas: { delta: number }[] = [];
    const changes: { variantId: string; locationId: string; delta: number; reference: string | null }[] = [];
    const byKey = new Map<string, (typeof changes)[number]>();
    for (const l of levels) {
      const key = `${l.variantId}|${l.locationId}`;
      const delta = Math.trunc(l.available) - (now.get(key) ?? 0);
      deltas.push({ delta });
      if (delta === 0) continue;
      now.set(key, Math.trunc(l.available));
      // A level named twice moves once, by the sum (one UPDATE touches a row once).
      const same = byKey.get(key);
      if (same) same.delta += delta;
      else {
        const change = {
          variantId: l.variantId,
          locationId: l.locationId,
          delta,
          reference: l.reference ?? ctx.reference,
        };
        byKey.set(key, change);
        changes.push(change);
      }
    }
    if (changes.length > 0) {
      await this.writer.notify(tem);
      const moved = await this.writer.applyDeltas(tem, workspaceId, changes, { reason: 'sync', actor: ctx.actor });
      if (moved !== changes.length) throw new Error(`setLevelsFromSync: ${moved} of ${changes.length} levels moved`);
    }
    return deltas;
  }

  exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    return inventoryExportBatch(this.em.fork(), workspaceId, after, limit);
  }
}

function mergeLines(lines: StockLine[]): StockLine[] {
  const byVariant = new Map<string, StockLine>();
  for (const l of lines) {
    const prev = byVariant.get(l.variantId);
    byVariant.set(l.variantId, prev ? { ...prev, quantity: prev.quantity + l.quantity } : { ...l });
  }
  return [...byVariant.values()];
}
