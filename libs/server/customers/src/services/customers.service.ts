import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  DEFAULT_PAGE_LIMIT,
  isUniqueViolation,
  keysetTimestamp,
  likePattern,
  NotFoundError,
  readCursor,
  toPage,
  ValidationFailedError,
  WorkspaceCurrency,
  textArray,
  updateAssignments,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import { ORDERS_FACADE, type CustomerOrderSummary, type OrderBrief, type OrdersFacade, type Page } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type { CreateCustomerDto, ListCustomersQueryDto, UpdateCustomerDto } from '../dto/customer.dto';

interface CustomerRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  addresses: Record<string, unknown>[];
  tags: string[];
  accepts_marketing: boolean;
  marketing_consent_updated_at: Date | null;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  ck?: string;
}

export interface CustomerView extends CustomerOrderSummary {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  addresses: Record<string, unknown>[];
  tags: string[];
  acceptsMarketing: boolean;
  marketingConsentUpdatedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS =
  'id, email, first_name, last_name, phone, addresses, tags, accepts_marketing, marketing_consent_updated_at, note, created_at, updated_at';

function emptySummary(currency: string): CustomerOrderSummary {
  return { ordersCount: 0, totalSpent: 0, lifetimeValue: 0, currency, lastOrderAt: null };
}

function toView(r: CustomerRow, summary: CustomerOrderSummary): CustomerView {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone,
    addresses: r.addresses,
    tags: r.tags,
    acceptsMarketing: r.accepts_marketing,
    marketingConsentUpdatedAt: r.marketing_consent_updated_at ? new Date(r.marketing_consent_updated_at).toISOString() : null,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...summary,
  };
}


@Injectable()
export class CustomersService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly currency: WorkspaceCurrency,
    @Inject(ORDERS_FACADE) private readonly orders: OrdersFacade,
  ) {}

  async list(workspaceId: string, query: ListCustomersQueryDto): Promise<Page<CustomerView>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = { list: 'customers', workspaceId, q: query.q, email: query.email };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const where = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (query.email) {
      where.push('lower(email) = lower(?)');
      params.push(query.email);
    }
    if (query.q) {
      where.push(`((coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) ilike ? or phone ilike ?)`);
      params.push(likePattern(query.q), likePattern(query.q));
    }
    if (after) {
      where.push('(created_at, id) < (?::timestamptz, ?)');
      params.push(String(after[0]), String(after[1]));
    }
    params.push(limit + 1);
    const rows = (await this.em.fork().execute(
      `select ${COLUMNS}, ${keysetTimestamp('created_at')} as ck from customers where ${where.join(' and ')}
        order by created_at desc, id desc limit ?`,
      params,
    )) as CustomerRow[];
    const currency = await this.currency.of(workspaceId);
    const summaries = await this.orders.customerSummaries(workspaceId, rows.slice(0, limit).map((r) => r.id), currency);
    return toPage(rows, limit, (r) => [r.ck ?? '', r.id], (r) => toView(r, summaries.get(r.id) ?? emptySummary(currency)), filters, this.config.CURSOR_SECRET);
  }

  async get(workspaceId: string, id: string): Promise<CustomerView & { recentOrders: OrderBrief[] }> {
    const row = await this.load(this.em.fork(), workspaceId, id);
    if (!row) throw new NotFoundError('Customer', id);
    const currency = await this.currency.of(workspaceId);
    const [summaries, recentOrders] = await Promise.all([
      this.orders.customerSummaries(workspaceId, [id], currency),
      this.orders.recentOrders(workspaceId, id, 10),
    ]);
    return { ...toView(row, summaries.get(id) ?? emptySummary(currency)), recentOrders };
  }

  async create(workspaceId: string, dto: CreateCustomerDto): Promise<CustomerView> {
    if (!dto.email && !dto.phone && !dto.firstName && !dto.lastName) {
      throw new ValidationFailedError([{ field: 'email', message: 'give at least one of email, phone, firstName or lastName' }]);
    }
    const currency = await this.currency.of(workspaceId);
    try {
      return await this.em.fork().transactional(async (tem) => {
        const rows = (await tem.execute(
          `insert into customers (id, workspace_id, email, first_name, last_name, phone, addresses, tags, accepts_marketing,
                                  marketing_consent_updated_at, note)
           values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::text[], ?, case when ?::boolean then now() else null end, ?) returning ${COLUMNS}`,
          [
            newId('cus'),
            workspaceId,
            dto.email ?? null,
            dto.firstName ?? null,
            dto.lastName ?? null,
            dto.phone ?? null,
            JSON.stringify(dto.addresses ?? []),
            textArray(dto.tags ?? []),
            dto.acceptsMarketing ?? false,
            dto.acceptsMarketing !== undefined,
            dto.note ?? null,
          ],
        )) as CustomerRow[];
        const view = toView(rows[0] as CustomerRow, emptySummary(currency));
        await this.outbox.append(tem, workspaceId, 'customer.created', { customer: view });
        return view;
      });
    } catch (err) {
      throw mapEmailTaken(err);
    }
  }

  async update(workspaceId: string, id: string, dto: UpdateCustomerDto): Promise<CustomerView> {
    const currency = await this.currency.of(workspaceId);
    try {
      return await this.em.fork().transactional(async (tem) => {
        const { sets, params } = updateAssignments(dto, [
          ['email', 'email'],
          ['firstName', 'first_name'],
          ['lastName', 'last_name'],
          ['phone', 'phone'],
          ['note', 'note'],
          ['addresses', 'addresses', 'jsonb', (a: unknown) => JSON.stringify(a)],
          ['tags', 'tags', 'text[]', textArray],
        ]);
        if (dto.acceptsMarketing !== undefined) {
          // The consent timestamp moves only when the consent itself changes.
          sets.push('marketing_consent_updated_at = case when accepts_marketing is distinct from ? then now() else marketing_consent_updated_at end');
          sets.push('accepts_marketing = ?');
          params.push(dto.acceptsMarketing, dto.acceptsMarketing);
        }
        const rows = (await tem.execute(`update customers set ${sets.join(', ')} where id = ? and workspace_id = ? returning ${COLUMNS}`, [
          ...params,
          id,
          workspaceId,
        ])) as CustomerRow[];
        const row = rows[0];
        if (!row) throw new NotFoundError('Customer', id);
        const summaries = await this.orders.customerSummaries(workspaceId, [id], currency);
        const view = toView(row, summaries.get(id) ?? emptySummary(currency));
        await this.outbox.append(tem, workspaceId, 'customer.updated', { customer: view });
        return view;
      });
    } catch (err) {
      throw mapEmailTaken(err);
    }
  }

  private async load(em: EntityManager, workspaceId: string, id: string): Promise<CustomerRow | null> {
    const rows = (await em.execute(`select ${COLUMNS} from customers where id = ? and workspace_id = ?`, [id, workspaceId])) as CustomerRow[];
    return rows[0] ?? null;
  }
}

function mapEmailTaken(err: unknown): unknown {
  if (isUniqueViolation(err, 'customers_ws_email_uq')) {
    return new ConflictError('email_taken', 'A customer with this email already exists in the workspace.');
  }
  return err;
}
