import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomersFacade, ExportBatch, TransactionHandle } from '@retailos/shared/contracts';

const EXPORT_COLUMNS = ['id', 'email', 'firstName', 'lastName', 'phone', 'tags', 'acceptsMarketing', 'addresses', 'note', 'createdAt', 'updatedAt'] as const;

@Injectable()
export class CustomersFacadeService implements CustomersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(private readonly em: EntityManager) {}

  async exists(tx: TransactionHandle | null, workspaceId: string, customerId: string): Promise<boolean> {
    const em = (tx as EntityManager | null) ?? this.em.fork();
    const rows = (await em.execute('select 1 as ok from customers where id = ? and workspace_id = ?', [customerId, workspaceId])) as unknown[];
    return rows.length > 0;
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    const rows = (await this.em.fork().execute(
      `select id, email, first_name as "firstName", last_name as "lastName", phone, array_to_string(tags, ',') as tags,
              accepts_marketing as "acceptsMarketing", addresses, note, created_at as "createdAt", updated_at as "updatedAt"
         from customers where workspace_id = ? and id > ? order by id limit ?`,
      [workspaceId, after ?? '', limit],
    )) as Record<string, unknown>[];
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === limit && last ? String(last['id']) : null };
  }
}
