import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@retailos/server/core';
import { CustomersModule } from '@retailos/server/customers';
import { DatabaseModule, tenantEm } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import { CUSTOMERS_FACADE, ORDERS_FACADE, type CustomersFacade } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { SYNC_ENTITIES } from '../entities';
import { InboundCustomersService, type CustomerPayload } from './inbound-customers.service';
import { SyncHistoryService } from './sync-history.service';

/** Customers' views ask the orders context for summaries; nothing here reads a view, so no orders context. */
@Module({ providers: [{ provide: ORDERS_FACADE, useValue: {} }], exports: [ORDERS_FACADE] })
class NoOrders {}

const customer = (id: number, at: string, fields: Record<string, unknown>): CustomerPayload => ({
  admin_graphql_api_id: `gid://shopify/Customer/${id}`,
  updated_at: at,
  email: null,
  first_name: null,
  last_name: null,
  phone: null,
  note: null,
  ...fields,
});

/** The import's batch against the same rows applied one by one (the webhook path), on the real database. */
describe('InboundCustomersService.applyBatch (real Postgres)', () => {
  let moduleRef: TestingModule;
  let em: EntityManager;
  let inbound: InboundCustomersService;
  let facade: CustomersFacade;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        OutboxModule,
        MikroOrmModule.forFeature(SYNC_ENTITIES),
        CustomersModule.register([NoOrders, IdentityModule]),
      ],
      providers: [InboundCustomersService, SyncHistoryService],
    }).compile();
    await moduleRef.init();
    em = moduleRef.get(EntityManager);
    inbound = moduleRef.get(InboundCustomersService);
    facade = moduleRef.get<CustomersFacade>(CUSTOMERS_FACADE);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  /** Customers (by email or name) with the GIDs linked to them, the history entry count and the customer events. */
  const state = async (
    ws: string,
  ): Promise<{ customers: unknown[]; history: number; events: number; updatedAt: string | null }> => {
    const db = em.fork();
    const customers = (await db.execute(
      `select c.email, c.first_name, c.last_name, c.note,
              (select array_agg(r.gid order by r.gid) from sync_records r
                where r.workspace_id = c.workspace_id and r.entity_type = 'customer' and r.local_id = c.id) as gids
         from customers c where c.workspace_id = ? order by c.first_name, c.email`,
      [ws],
    )) as unknown[];
    const [counts] = (await db.execute(
      `select (select count(*)::int from sync_history where workspace_id = ?) as history,
              (select count(*)::int from outbox where workspace_id = ? and topic like 'customer.%') as events,
              (select max(updated_at)::text from customers where workspace_id = ?) as updated_at`,
      [ws, ws, ws],
    )) as { history: number; events: number; updated_at: string | null }[];
    return {
      customers,
      history: counts?.history ?? -1,
      events: counts?.events ?? -1,
      updatedAt: counts?.updated_at ?? null,
    };
  };

  it('ends where applying the rows one by one ends, rows touching one customer twice included; a replay changes nothing', async () => {
    const rows: CustomerPayload[] = [
      // Two GIDs whose email is a customer we already have (any case): both link to it, the second sees the first.
      customer(1, '2026-01-01T00:00:00Z', { email: 'Held@Example.com', first_name: 'Held' }),
      customer(2, '2026-01-01T00:00:01Z', { email: 'held@example.com', note: 'second' }),
      customer(3, '2026-01-01T00:00:00Z', { email: 'c@example.com', first_name: 'C' }),
      // The same GID again, newer: an update of the customer the row above created.
      customer(3, '2026-01-02T00:00:00Z', { email: 'c@example.com', first_name: 'C2' }),
      // And older again: stale.
      customer(3, '2026-01-01T12:00:00Z', { email: 'c@example.com', first_name: 'C1' }),
      customer(4, '2026-01-01T00:00:00Z', { first_name: 'NoEmail' }),
      // Takes an email a later row of the batch arrives with: that row links to this customer.
      customer(5, '2026-01-01T00:00:00Z', { email: 'e@example.com', first_name: 'E' }),
      customer(6, '2026-01-01T00:00:00Z', { email: 'E@example.com', last_name: 'Six' }),
      { admin_graphql_api_id: 'gid://shopify/Product/1', updated_at: '2026-01-01T00:00:00Z' },
    ];
    const one = newId('ws');
    const batch = newId('ws');
    for (const ws of [one, batch]) {
      await em.fork().transactional((tx) =>
        facade.writeFromSync(tx, ws, null, {
          email: 'HELD@example.com',
          firstName: null,
          lastName: 'Local',
          phone: null,
          note: null,
          tags: [],
        }),
      );
    }
    const oneByOne: string[] = [];
    for (const row of rows) {
      oneByOne.push(
        await tenantEm(em, one).transactional((tx) => inbound.apply(tx, one, row, { jobId: 'test' }, null)),
      );
    }
    const batched = await tenantEm(em, batch).transactional((tx) =>
      inbound.applyBatch(tx, batch, rows, { jobId: 'test' }),
    );
    expect(batched).toEqual(oneByOne);
    expect(batched).toEqual([
      'updated',
      'updated',
      'created',
      'updated',
      'stale',
      'created',
      'created',
      'updated',
      'invalid',
    ]);
    const want = await state(one);
    const got = await state(batch);
    expect(got.customers).toEqual(want.customers);
    expect(got.customers).toHaveLength(4);
    expect([got.history, got.events]).toEqual([want.history, want.events]);

    const replay = await tenantEm(em, batch).transactional((tx) =>
      inbound.applyBatch(tx, batch, rows, { jobId: 'test' }),
    );
    const replayOneByOne: string[] = [];
    for (const row of rows) {
      replayOneByOne.push(
        await tenantEm(em, one).transactional((tx) => inbound.apply(tx, one, row, { jobId: 'test' }, null)),
      );
    }
    expect(replay).toEqual(replayOneByOne);
    expect(replay).toEqual([
      'duplicate',
      'duplicate',
      'stale',
      'duplicate',
      'stale',
      'duplicate',
      'duplicate',
      'duplicate',
      'invalid',
    ]);
    expect(await state(batch)).toEqual(got);
  });
});
