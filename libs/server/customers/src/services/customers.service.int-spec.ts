import { EntityManager } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import {
  CUSTOMERS_FACADE,
  ORDERS_FACADE,
  type CustomerOrderSummary,
  type CustomersFacade,
} from '@retailos/shared/contracts';
import { makeCustomer, newWorkspaceId } from '@retailos/server/testing';
import { CustomersModule } from '../customers.module';
import { CustomersService } from './customers.service';

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
  );

/**
 * Order history comes from the orders context through ORDERS_FACADE; importing that context here would make the two
 * libraries depend on each other (orders' own spec composes customers). The customers' part is merging the summaries
 * it is given into its views, so the facade answers from this map (the customers e2e suite covers the real one).
 */
const summaries = new Map<string, CustomerOrderSummary>();
@Module({
  providers: [
    {
      provide: ORDERS_FACADE,
      useValue: {
        customerSummaries: async (_ws: string, ids: string[]) =>
          new Map(ids.flatMap((id) => (summaries.has(id) ? [[id, summaries.get(id)]] : []))),
        recentOrders: async () => [],
      },
    },
  ],
  exports: [ORDERS_FACADE],
})
class OrderSummariesFromMap {}

describe('CustomersService (real Postgres)', () => {
  let moduleRef: TestingModule;
  let customers: CustomersService;
  let em: EntityManager;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        OutboxModule,
        CustomersModule.register([OrderSummariesFromMap, IdentityModule]),
      ],
    }).compile();
    await moduleRef.init();
    customers = moduleRef.get(CustomersService);
    em = moduleRef.get(EntityManager);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  const outboxTopics = async (workspaceId: string): Promise<string[]> =>
    (
      await em
        .fork()
        .getConnection()
        .execute<{ topic: string }[]>('select topic from outbox where workspace_id = ? order by seq', [workspaceId])
    ).map((r) => r.topic);

  it('creates a customer with its customer.created event, and reads it back', async () => {
    const ws = newWorkspaceId();
    const created = await customers.create(ws, {
      email: 'Ana@Example.test',
      firstName: 'Ana',
      tags: ['vip', 'a "quoted" tag'],
      acceptsMarketing: false,
    });
    expect(created).toMatchObject({
      email: 'Ana@Example.test',
      firstName: 'Ana',
      tags: ['vip', 'a "quoted" tag'],
      acceptsMarketing: false,
      ordersCount: 0,
    });
    expect(created.id).toMatch(/^cus_/);
    expect(created.marketingConsentUpdatedAt).not.toBeNull();
    expect(await customers.get(ws, created.id)).toMatchObject({ ...created, recentOrders: [] });
    summaries.set(created.id, {
      ordersCount: 2,
      totalSpent: 5000,
      lifetimeValue: 4000,
      currency: 'USD',
      lastOrderAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await customers.get(ws, created.id)).toMatchObject({
      ordersCount: 2,
      totalSpent: 5000,
      lifetimeValue: 4000,
    });
    expect((await customers.list(ws, {})).data[0]).toMatchObject({
      id: created.id,
      ordersCount: 2,
      lastOrderAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await outboxTopics(ws)).toEqual(['customer.created']);
  });

  it('refuses a second customer with the same email (any case) and writes nothing', async () => {
    const ws = newWorkspaceId();
    await customers.create(ws, { email: 'dup@example.test' });
    expect(await codeOf(customers.create(ws, { email: 'DUP@example.test' }))).toBe('email_taken');
    expect(await outboxTopics(ws)).toEqual(['customer.created']);
    // Another workspace may use the same email.
    await expect(customers.create(newWorkspaceId(), { email: 'dup@example.test' })).resolves.toBeDefined();
  });

  it('moves the consent timestamp only when the consent changes', async () => {
    const ws = newWorkspaceId();
    const c = await customers.create(ws, { email: 'consent@example.test', acceptsMarketing: true });
    const same = await customers.update(ws, c.id, { acceptsMarketing: true, note: 'hello' });
    expect(same.marketingConsentUpdatedAt).toBe(c.marketingConsentUpdatedAt);
    expect(same.note).toBe('hello');
    await new Promise((r) => setTimeout(r, 5));
    const changed = await customers.update(ws, c.id, { acceptsMarketing: false });
    expect(changed.acceptsMarketing).toBe(false);
    expect(changed.note).toBe('hello');
    expect(Date.parse(changed.marketingConsentUpdatedAt ?? '')).toBeGreaterThan(
      Date.parse(c.marketingConsentUpdatedAt ?? ''),
    );
    expect(await outboxTopics(ws)).toEqual(['customer.created', 'customer.updated', 'customer.updated']);
  });

  it('another workspace id answers not_found and changes nothing', async () => {
    const a = newWorkspaceId();
    const b = newWorkspaceId();
    const theirs = await makeCustomer(em, b, { email: 'theirs@example.test' });
    expect(await codeOf(customers.get(a, theirs))).toBe('not_found');
    expect(await codeOf(customers.update(a, theirs, { note: 'pwned' }))).toBe('not_found');
    expect((await customers.get(b, theirs)).note).toBeNull();
    expect((await customers.list(a, {})).data).toEqual([]);
  });

  it('pages newest first with every row exactly once, ties on created_at broken by id', async () => {
    const ws = newWorkspaceId();
    const sameInstant = new Date('2026-01-01T00:00:00.000Z');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await makeCustomer(em, ws, { createdAt: sameInstant, lastName: `Tie${i}` }));
    ids.push(await makeCustomer(em, ws, { createdAt: new Date('2026-02-01T00:00:00.000Z'), lastName: 'Newest' }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await customers.list(ws, { limit: 2, cursor });
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen[0]).toBe(ids[5]);
    expect(seen.slice(1)).toEqual([...ids.slice(0, 5)].sort().reverse());
  });

  it('filters by email (case-insensitive) and by a search over name, email and phone; a cursor is bound to its filters', async () => {
    const ws = newWorkspaceId();
    const grace = await makeCustomer(em, ws, { email: 'grace@navy.test', firstName: 'Grace', lastName: 'Hopper' });
    const phone = await makeCustomer(em, ws, { email: null, firstName: null, lastName: null, phone: '+15550100' });
    await makeCustomer(em, ws, { email: 'other@example.test', firstName: 'Other' });
    await makeCustomer(em, ws, { email: 'percent@example.test', firstName: '100%' });
    expect((await customers.list(ws, { email: 'GRACE@navy.test' })).data.map((c) => c.id)).toEqual([grace]);
    expect((await customers.list(ws, { q: 'hopp' })).data.map((c) => c.id)).toEqual([grace]);
    expect((await customers.list(ws, { q: '5550' })).data.map((c) => c.id)).toEqual([phone]);
    // LIKE wildcards in the search are literal.
    expect((await customers.list(ws, { q: '%' })).data).toHaveLength(1);
    const first = await customers.list(ws, { limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    expect(await codeOf(customers.list(ws, { limit: 1, cursor: first.nextCursor ?? '', q: 'x' }))).toBe(
      'invalid_cursor',
    );
  });

  describe("the sync path (CustomersFacade in the caller's transaction)", () => {
    let facade: CustomersFacade;
    beforeAll(() => {
      facade = moduleRef.get<CustomersFacade>(CUSTOMERS_FACADE);
    });

    it('creates, links by email, reads and updates through the repository, with one event per write', async () => {
      const ws = newWorkspaceId();
      const other = newWorkspaceId();
      const created = await em.fork().transactional((tem) =>
        facade.writeFromSync(tem, ws, null, {
          email: 'Ada@Example.com',
          firstName: 'Ada',
          lastName: null,
          phone: null,
          note: "it's",
          tags: ['vip', 'a"b'],
        }),
      );
      expect(created.id).toMatch(/^cus_/);
      expect(await em.fork().transactional((tem) => facade.findByEmail(tem, ws, 'ada@EXAMPLE.com'))).toBe(created.id);
      expect(await em.fork().transactional((tem) => facade.findByEmail(tem, other, 'ada@example.com'))).toBeNull();

      const before = await em.fork().transactional((tem) => facade.readForSync(tem, ws, created.id));
      expect(before).toMatchObject({
        id: created.id,
        email: 'Ada@Example.com',
        firstName: 'Ada',
        note: "it's",
        tags: ['vip', 'a"b'],
      });
      expect(await em.fork().transactional((tem) => facade.readForSync(tem, other, created.id))).toBeNull();

      await em
        .fork()
        .transactional((tem) => facade.writeFromSync(tem, ws, created.id, { lastName: 'Lovelace', tags: [] }));
      const after = await em.fork().transactional((tem) => facade.readForSync(tem, ws, created.id));
      expect(after).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', tags: [] });
      expect(after?.updatedAt.getTime()).toBeGreaterThanOrEqual(before?.updatedAt.getTime() ?? Infinity);
      expect(await outboxTopics(ws)).toEqual(['customer.created', 'customer.updated']);
      // Another workspace's id is a vanished customer, not a write into the other tenant.
      await expect(
        em.fork().transactional((tem) => facade.writeFromSync(tem, other, created.id, { note: 'x' })),
      ).rejects.toThrow('vanished');
    });

    it('writes a batch in one call: creates and updates in input order, one event each, read back by email and id', async () => {
      const ws = newWorkspaceId();
      const other = newWorkspaceId();
      const blank = { email: null, firstName: null, lastName: null, phone: null, note: null, tags: [] };
      const [held] = await em
        .fork()
        .transactional((tem) =>
          facade.writeManyFromSync(tem, ws, [{ customerId: null, fields: { ...blank, email: 'Held@Example.com' } }]),
        );
      const heldId = held?.id as string;
      const emails = await em
        .fork()
        .transactional((tem) => facade.findByEmails(tem, ws, ['held@example.COM', 'nobody@example.com']));
      expect([...emails]).toEqual([['held@example.com', heldId]]);
      expect((await em.fork().transactional((tem) => facade.findByEmails(tem, other, ['held@example.com']))).size).toBe(
        0,
      );

      const written = await em.fork().transactional((tem) =>
        facade.writeManyFromSync(tem, ws, [
          { customerId: null, fields: { ...blank, firstName: 'A' } },
          { customerId: heldId, fields: { note: 'vip' } },
          { customerId: null, fields: { ...blank, firstName: 'B' } },
        ]),
      );
      expect(written.map((w) => w.id)).toEqual([
        expect.stringMatching(/^cus_/),
        heldId,
        expect.stringMatching(/^cus_/),
      ]);
      const read = await em.fork().transactional((tem) =>
        facade.readManyForSync(
          tem,
          ws,
          written.map((w) => w.id),
        ),
      );
      expect([...read.values()].map((c) => [c.id, c.firstName, c.note]).sort()).toEqual(
        [
          [written[0]?.id, 'A', null],
          [heldId, null, 'vip'],
          [written[2]?.id, 'B', null],
        ].sort(),
      );
      expect((await em.fork().transactional((tem) => facade.readManyForSync(tem, other, [heldId]))).size).toBe(0);
      expect(await outboxTopics(ws)).toEqual([
        'customer.created',
        'customer.created',
        'customer.updated',
        'customer.created',
      ]);
      await expect(
        em.fork().transactional((tem) => facade.writeManyFromSync(tem, other, [{ customerId: heldId, fields: {} }])),
      ).rejects.toThrow('vanished');
    });

    it('readForSync locks the row until the reading transaction ends', async () => {
      const ws = newWorkspaceId();
      const { id } = await em.fork().transactional((tem) =>
        facade.writeFromSync(tem, ws, null, {
          email: null,
          firstName: 'L',
          lastName: null,
          phone: null,
          note: null,
          tags: [],
        }),
      );
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const reader = em.fork().transactional(async (tem) => {
        await facade.readForSync(tem, ws, id);
        locked();
        await held;
      });
      await isLocked;
      const order: string[] = [];
      const writer = em
        .fork()
        .transactional((tem) => facade.writeFromSync(tem, ws, id, { note: 'second' }))
        .then(() => order.push('write'));
      await new Promise((r) => setTimeout(r, 150));
      order.push('release');
      release();
      await Promise.all([reader, writer]);
      expect(order).toEqual(['release', 'write']);
    });
  });
});
