import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomersFacade, ExportBatch, TransactionHandle } from '@retailos/shared/contracts';
import { CustomersRepository } from '../repositories/customers.repository';

const EXPORT_COLUMNS = ['id', 'email', 'firstName', 'lastName', 'phone', 'tags', 'acceptsMarketing', 'addresses', 'note', 'createdAt', 'updatedAt'] as const;

@Injectable()
export class CustomersFacadeService implements CustomersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(private readonly customers: CustomersRepository) {}

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
