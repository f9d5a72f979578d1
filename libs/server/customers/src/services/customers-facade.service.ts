import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { textArray, updateAssignments } from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import type { CustomersFacade, ExportBatch, SyncedCustomerFields, TransactionHandle } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { CustomersRepository } from '../repositories/customers.repository';

interface SyncRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  updated_at: Date;
}

const SYNC_COLUMNS = 'id, email, first_name, last_name, phone, note, tags, updated_at';
const syncView = (r: SyncRow): SyncedCustomerFields & { id: string; updatedAt: Date } => ({
  id: r.id,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  phone: r.phone,
  note: r.note,
  tags: r.tags,
  updatedAt: new Date(r.updated_at),
});

const EXPORT_COLUMNS = ['id', 'email', 'firstName', 'lastName', 'phone', 'tags', 'acceptsMarketing', 'addresses', 'note', 'createdAt', 'updatedAt'] as const;

@Injectable()
export class CustomersFacadeService implements CustomersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(
    private readonly customers: CustomersRepository,
    private readonly outbox: OutboxService,
  ) {}

  async readForSync(tx: TransactionHandle, workspaceId: string, customerId: string): Promise<(SyncedCustomerFields & { id: string; updatedAt: Date }) | null> {
    const rows = (await (tx as EntityManager).execute(`select ${SYNC_COLUMNS} from customers where id = ? and workspace_id = ? for update`, [
      customerId,
      workspaceId,
    ])) as SyncRow[];
    return rows[0] ? syncView(rows[0]) : null;
  }

  async findByEmail(tx: TransactionHandle, workspaceId: string, email: string): Promise<string | null> {
    const rows = (await (tx as EntityManager).execute('select id from customers where workspace_id = ? and lower(email) = lower(?)', [workspaceId, email])) as {
      id: string;
    }[];
    return rows[0]?.id ?? null;
  }

  async writeFromSync(tx: TransactionHandle, workspaceId: string, customerId: string | null, fields: Partial<SyncedCustomerFields>): Promise<{ id: string }> {
    const em = tx as EntityManager;
    let row: SyncRow | undefined;
    if (customerId === null) {
      const rows = (await em.execute(
        `insert into customers (id, workspace_id, email, first_name, last_name, phone, note, tags) values (?, ?, ?, ?, ?, ?, ?, ?::text[])
         returning ${SYNC_COLUMNS}`,
        [newId('cus'), workspaceId, fields.email ?? null, fields.firstName ?? null, fields.lastName ?? null, fields.phone ?? null, fields.note ?? null, textArray(fields.tags ?? [])],
      )) as SyncRow[];
      row = rows[0];
    } else {
      const { sets, params } = updateAssignments(fields, [
        ['email', 'email'],
        ['firstName', 'first_name'],
        ['lastName', 'last_name'],
        ['phone', 'phone'],
        ['note', 'note'],
        ['tags', 'tags', 'text[]', textArray],
      ]);
      const rows = (await em.execute(`update customers set ${sets.join(', ')} where id = ? and workspace_id = ? returning ${SYNC_COLUMNS}`, [
        ...params,
        customerId,
        workspaceId,
      ])) as SyncRow[];
      row = rows[0];
    }
    if (!row) throw new Error(`customer ${customerId ?? '(new)'} vanished during a sync write`);
    const view = syncView(row);
    await this.outbox.append(em, workspaceId, customerId === null ? 'customer.created' : 'customer.updated', {
      customer: { ...view, updatedAt: view.updatedAt.toISOString() },
      source: 'shopify',
    });
    return { id: row.id };
  }

  async exists(tx: TransactionHandle | null, workspaceId: string, customerId: string): Promise<boolean> {
    return this.customers.exists((tx as EntityManager | null) ?? this.customers.scope(workspaceId), workspaceId, customerId);
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    const rows = await this.customers.exportBatch(workspaceId, after, limit);
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((c) => ({
        id: c.id,
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
        phone: c.phone,
        tags: c.tags.join(','),
        acceptsMarketing: c.acceptsMarketing,
        addresses: c.addresses,
        note: c.note,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      })),
      next: rows.length === limit && last ? last.id : null,
    };
  }
}
