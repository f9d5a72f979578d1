import { MikroORM } from '@mikro-orm/postgresql';
import { ArgumentsHost } from '@nestjs/common';
import { createLogger, PinoNestLogger, ProblemDetailsFilter, setLogDestination } from '..';
import { Logger } from '@nestjs/common';

/** A real Postgres error (MikroORM's wrapper quotes the SQL with the row inlined) must reach the logs as codes only. */
describe('database errors in logs (real Postgres)', () => {
  let orm: MikroORM;
  const table = `log_probe_${process.pid}`;

  beforeAll(async () => {
    orm = await MikroORM.init({
      clientUrl: process.env['DATABASE_URL'],
      entities: [],
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: true,
      pool: { min: 0, max: 1 },
    });
    await orm.em.execute(`create table ${table} (id text primary key, email text not null, tags text[] not null)`);
  });

  afterAll(async () => {
    await orm.em.execute(`drop table if exists ${table}`);
    await orm.close(true);
  });

  it('the problem filter logs a 500 with the SQLSTATE code and names, not the SQL or the customer data', async () => {
    const err = await orm.em
      .fork()
      .execute(`insert into ${table} (id, email, tags) values (?, ?, ?)`, ['cus_1', 'ana.secret@shop.test', null])
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(err).toBeInstanceOf(Error);
    // The raw error does carry the data: this is what must not be logged.
    expect(`${err?.message}`).toContain('ana.secret@shop.test');

    const lines: string[] = [];
    setLogDestination({ write: (chunk: string) => void lines.push(chunk) });
    Logger.overrideLogger(new PinoNestLogger(createLogger({ level: 'info', name: 'log-probe' })));
    try {
      let sent: { status?: number; body?: string } = {};
      const reply = {
        status(code: number) {
          sent.status = code;
          return this;
        },
        header() {
          return this;
        },
        send(body: string) {
          sent.body = body;
          return this;
        },
      };
      const request = { url: '/api/customers', id: 'req-log-1', routeOptions: { url: '/api/customers' } };
      const host = {
        getType: () => 'http',
        switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
      } as unknown as ArgumentsHost;
      new ProblemDetailsFilter().catch(err, host);
      expect(sent.status).toBe(500);
      expect(sent.body).not.toContain('ana.secret');
      sent = {};
    } finally {
      Logger.overrideLogger(false);
      setLogDestination(undefined);
    }
    const out = lines.join('');
    expect(out).toContain('"code":"23502"');
    expect(out).toContain('req-log-1');
    expect(out).toContain(`"table":"${table}"`);
    expect(out).not.toContain('ana.secret@shop.test');
    expect(out).not.toMatch(/insert into/i);
  });
});
