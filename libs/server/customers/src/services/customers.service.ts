import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  isUniqueViolation,
  keysetPage,
  NotFoundError,
  ValidationFailedError,
  WorkspaceCurrency,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import {
  ORDERS_FACADE,
  type CustomerOrderSummary,
  type CustomerView,
  type OrderBrief,
  type OrdersFacade,
  type Page,
} from '@retailos/shared/contracts';
import { iso } from '@retailos/shared/util';
import type { CreateCustomerDto, ListCustomersQueryDto, UpdateCustomerDto } from '../dto/customer.dto';
import type { Customer } from '../entities/customer.entity';
import { CustomersRepository } from '../repositories/customers.repository';

export type { CustomerView };

function emptySummary(currency: string): CustomerOrderSummary {
  return { ordersCount: 0, totalSpent: 0, lifetimeValue: 0, currency, lastOrderAt: null };
}

function toView(c: Customer, summary: CustomerOrderSummary): CustomerView {
  return {
    id: c.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    addresses: c.addresses,
    tags: c.tags,
    acceptsMarketing: c.acceptsMarketing,
    marketingConsentUpdatedAt: iso(c.marketingConsentUpdatedAt),
    note: c.note,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...summary,
  };
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly currency: WorkspaceCurrency,
    @Inject(ORDERS_FACADE) private readonly orders: OrdersFacade,
  ) {}

  async list(workspaceId: string, query: ListCustomersQueryDto): Promise<Page<CustomerView>> {
    const filters = { q: query.q, email: query.email };
    return keysetPage({
      list: 'customers',
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters,
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.customers.list(workspaceId, filters, after, take),
      keyOf: (c) => [c.createdKey ?? '', c.id],
      map: async (rows) => {
        const currency = await this.currency.of(workspaceId);
        const summaries = await this.orders.customerSummaries(
          workspaceId,
          rows.map((r) => r.id),
          currency,
        );
        return rows.map((r) => toView(r, summaries.get(r.id) ?? emptySummary(currency)));
      },
    });
  }

  async get(workspaceId: string, id: string): Promise<CustomerView & { recentOrders: OrderBrief[] }> {
    const customer = await this.customers.find(this.customers.scope(workspaceId), workspaceId, id);
    if (!customer) throw new NotFoundError('Customer', id);
    const currency = await this.currency.of(workspaceId);
    const [summaries, recentOrders] = await Promise.all([
      this.orders.customerSummaries(workspaceId, [id], currency),
      this.orders.recentOrders(workspaceId, id, 10),
    ]);
    return { ...toView(customer, summaries.get(id) ?? emptySummary(currency)), recentOrders };
  }

  async create(workspaceId: string, dto: CreateCustomerDto): Promise<CustomerView> {
    if (!dto.email && !dto.phone && !dto.firstName && !dto.lastName) {
      throw new ValidationFailedError([
        { field: 'email', message: 'give at least one of email, phone, firstName or lastName' },
      ]);
    }
    const currency = await this.currency.of(workspaceId);
    try {
      return await this.customers.scope(workspaceId).transactional(async (tem: EntityManager) => {
        const customer = this.customers.create(tem, workspaceId, {
          ...dto,
          addresses: dto.addresses as Record<string, unknown>[] | undefined,
        });
        await tem.flush();
        const view = toView(customer, emptySummary(currency));
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
      return await this.customers.scope(workspaceId).transactional(async (tem: EntityManager) => {
        const customer = await this.customers.find(tem, workspaceId, id);
        if (!customer) throw new NotFoundError('Customer', id);
        this.customers.update(customer, { ...dto, addresses: dto.addresses as Record<string, unknown>[] | undefined });
        customer.updatedAt = new Date();
        await tem.flush();
        const summaries = await this.orders.customerSummaries(workspaceId, [id], currency);
        const view = toView(customer, summaries.get(id) ?? emptySummary(currency));
        await this.outbox.append(tem, workspaceId, 'customer.updated', { customer: view });
        return view;
      });
    } catch (err) {
      throw mapEmailTaken(err);
    }
  }
}

function mapEmailTaken(err: unknown): unknown {
  if (isUniqueViolation(err, 'customers_ws_email_uq')) {
    return new ConflictError('email_taken', 'A customer with this email already exists in the workspace.');
  }
  return err;
}
