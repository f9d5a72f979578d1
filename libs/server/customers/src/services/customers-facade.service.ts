import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxService } from '@retailos/server/outbox';
import type { CustomersFacade, ExportBatch, SyncedCustomerFields, TransactionHandle } from '@retailos/shared/contracts';
import type { Customer } from '../entities/customer.entity';
import { CustomersRepository } from '../repositories/customers.repository';

const syncView = (c: Customer): SyncedCustomerFields & { id: string; updatedAt: Date } => ({
  id: c.id,
  email: c.email,
  firstName: c.firstName,
  lastName: c.lastName,
  phone: c.phone,
  note: c.note,
  tags: c.tags,
  updatedAt: c.updatedAt,
});

const EXPORT_COLUMNS = [
  'id',
  'email',
  'firstName',
  'lastName',
  'phone',
  'tags',
  'acceptsMarketing',
  'addresses',
  'note',
  'createdAt',
  'updatedAt',
] as const;

@Injectable()
export class CustomersFacadeService implements CustomersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(
    private readonly customers: CustomersRepository,
    private readonly outbox: OutboxService,
  ) {}

  async readForSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerId: string,
  ): Promise<(SyncedCustomerFields & { id: string; updatedAt: Date }) | null> {
    const customer = await this.customers.findForUpdate(tx as EntityManager, workspaceId, customerId);
    return customer ? syncView(customer) : null;
  }

  async findByEmail(tx: TransactionHandle, workspaceId: string, email: string): Promise<string | null> {
    return this.customers.findIdByEmail(tx as EntityManager, workspaceId, email);
  }

  /** A write from the Shopify sync in the caller's transaction, with its customer.created/updated event. */
  async writeFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerId: string | null,
    fields: Partial<SyncedCustomerFields>,
  ): Promise<{ id: string }> {
    const em = tx as EntityManager;
    let customer: Customer | null;
    if (customerId === null) {
      customer = this.customers.create(em, workspaceId, fields);
    } else {
      customer = await this.customers.findForUpdate(em, workspaceId, customerId);
      if (!customer) throw new Error(`customer ${customerId} vanished during a sync write`);
      this.customers.update(customer, fields);
      customer.updatedAt = new Date();
    }
    await em.flush();
    const view = syncView(customer);
    await this.outbox.append(em, workspaceId, customerId === null ? 'customer.created' : 'customer.updated', {
      customer: { ...view, updatedAt: view.updatedAt.toISOString() },
      source: 'shopify',
    });
    return { id: customer.id };
  }

  async readManyForSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerIds: string[],
  ): Promise<Map<string, SyncedCustomerFields & { id: string; updatedAt: Date }>> {
    const rows = await this.customers.findManyForUpdate(tx as EntityManager, workspaceId, customerIds);
    return new Map(rows.map((c) => [c.id, syncView(c)]));
  }

  async findByEmails(tx: TransactionHandle, workspaceId: string, emails: string[]): Promise<Map<string, string>> {
    return this.customers.findIdsByEmails(tx as EntityManager, workspaceId, emails);
  }

  /** writeFromSync for a batch: one flush, and the events in one insert per run of one topic (input order kept). */
  async writeManyFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    writes: { customerId: string | null; fields: Partial<SyncedCustomerFields> }[],
  ): Promise<{ id: string }[]> {
    const em = tx as EntityManager;
    if (writes.length === 0) return [];
    const ids = writes.map((w) => w.customerId).filter((id): id is string => id !== null);
    const held = new Map((await this.customers.findManyForUpdate(em, workspaceId, ids)).map((c) => [c.id, c]));
    const now = new Date();
    const written = writes.map(({ customerId, fields }) => {
      if (customerId === null) return { customer: this.customers.create(em, workspaceId, fields), created: true };
      const customer = held.get(customerId);
      if (!customer) throw new Error(`customer ${customerId} vanished during a sync write`);
      this.customers.update(customer, fields);
      customer.updatedAt = now;
      return { customer, created: false };
    });
    await em.flush();
    for (let i = 0; i < written.length;) {
      const created = written[i]?.created;
      let j = i;
      while (j < written.length && written[j]?.created === created) j++;
      await this.outbox.appendMany(
        em,
        workspaceId,
        created ? 'customer.created' : 'customer.updated',
        written.slice(i, j).map(({ customer }) => {
          const view = syncView(customer);
          return { customer: { ...view, updatedAt: view.updatedAt.toISOString() }, source: 'shopify' };
        }),
      );
      i = j;
    }
    return written.map(({ customer }) => ({ id: customer.id }));
  }

  async exists(tx: TransactionHandle | null, workspaceId: string, customerId: string): Promise<boolean> {
    return this.customers.exists(
      (tx as EntityManager | null) ?? this.customers.scope(workspaceId),
      workspaceId,
      customerId,
    );
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
