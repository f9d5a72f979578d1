import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { likePattern, TENANT_FILTER, type KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm } from '@retailos/server/database';
import { Customer } from '../entities/customer.entity';

export interface CustomerListFilter {
  q?: string;
  email?: string;
}

export interface CustomerFields {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  addresses?: Record<string, unknown>[];
  tags?: string[];
  acceptsMarketing?: boolean;
  note?: string | null;
}

const KEYS = createdKeyset<Customer>();
/** The customers_name_trgm_idx expression, so the trigram index serves the search. */
const NAME_SEARCH = "(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') || ' ' || coalesce(c.email, ''))";

/** Every read and write of `customers`, through a workspace-bound EntityManager. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly em: EntityManager) {}

  /** A workspace-bound fork: every ORM query through it carries the tenant filter. */
  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  async list(
    workspaceId: string,
    filter: CustomerListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<Customer[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(Customer, 'c').select('*').where({ workspaceId });
    if (filter.email) qb.andWhere({ [raw('lower(c.email)')]: filter.email.toLowerCase() });
    if (filter.q) {
      const like = likePattern(filter.q);
      qb.andWhere({
        $or: [{ [raw(NAME_SEARCH)]: { $ilike: like } }, { phone: { $ilike: like } }],
      });
    }
    await applyKeyset(qb, KEYS, after, take);
    return qb.getResultList();
  }

  find(em: EntityManager, workspaceId: string, id: string): Promise<Customer | null> {
    return em.findOne(Customer, { id, workspaceId });
  }

  async exists(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    // The caller's EntityManager may be another context's transaction: the workspace goes in as the filter argument.
    return (await em.count(Customer, { id, workspaceId }, { filters: { [TENANT_FILTER]: { workspaceId } } })) > 0;
  }

  /**
   * The customer locked FOR UPDATE in the caller's transaction (the sync's read-merge-write). That EntityManager may
   * belong to another context, so the workspace goes in as the filter argument.
   */
  findForUpdate(em: EntityManager, workspaceId: string, id: string): Promise<Customer | null> {
    return em.findOne(
      Customer,
      { id, workspaceId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, filters: { [TENANT_FILTER]: { workspaceId } } },
    );
  }

  /** The id of the workspace's customer with this email, compared case-insensitively (the unique index's expression). */
  async findIdByEmail(em: EntityManager, workspaceId: string, email: string): Promise<string | null> {
    const found = await em.findOne(
      Customer,
      { workspaceId, [raw('lower(email)')]: email.toLowerCase() },
      { fields: ['id'], filters: { [TENANT_FILTER]: { workspaceId } } },
    );
    return found?.id ?? null;
  }

  /** Several customers locked FOR UPDATE in the caller's transaction (id order, as any other batch locks them). */
  findManyForUpdate(em: EntityManager, workspaceId: string, ids: string[]): Promise<Customer[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.find(
      Customer,
      { id: { $in: [...new Set(ids)] }, workspaceId },
      {
        orderBy: { id: 'asc' },
        lockMode: LockMode.PESSIMISTIC_WRITE,
        filters: { [TENANT_FILTER]: { workspaceId } },
      },
    );
  }

  /** Lower-cased email -> id of the workspace's customers with one of these emails (the unique index's expression). */
  async findIdsByEmails(em: EntityManager, workspaceId: string, emails: string[]): Promise<Map<string, string>> {
    const lowered = [...new Set(emails.map((e) => e.toLowerCase()))];
    if (lowered.length === 0) return new Map();
    const found = await em.find(
      Customer,
      { workspaceId, [raw('lower(email)')]: { $in: lowered } },
      // Partial rows: kept out of the identity map, where they would stand in for the full customer.
      { fields: ['id', 'email'], filters: { [TENANT_FILTER]: { workspaceId } }, disableIdentityMap: true },
    );
    return new Map(found.filter((c) => c.email !== null).map((c) => [(c.email as string).toLowerCase(), c.id]));
  }

  /** Adds a customer to the unit of work; the caller flushes (in its transaction). */
  create(em: EntityManager, workspaceId: string, fields: CustomerFields): Customer {
    const customer = new Customer(workspaceId);
    assign(customer, fields);
    // A stated consent (even false) records when it was given.
    customer.marketingConsentUpdatedAt = fields.acceptsMarketing !== undefined ? new Date() : null;
    em.persist(customer);
    return customer;
  }

  /** Applies the fields a PATCH carries (undefined = leave alone); the consent timestamp moves only when consent changes. */
  update(customer: Customer, fields: CustomerFields): void {
    assign(customer, fields);
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<Customer[]> {
    return this.scope(workspaceId).find(
      Customer,
      { workspaceId, id: { $gt: after ?? '' } },
      { orderBy: { id: 'asc' }, limit },
    );
  }
}

function assign(customer: Customer, fields: CustomerFields): void {
  const { acceptsMarketing, ...rest } = fields;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (customer as unknown as Record<string, unknown>)[key] = value;
  }
  if (acceptsMarketing !== undefined && acceptsMarketing !== customer.acceptsMarketing) {
    customer.acceptsMarketing = acceptsMarketing;
    customer.marketingConsentUpdatedAt = new Date();
  }
}
