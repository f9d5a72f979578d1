import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsEmail, IsInt, Min, ValidateNested, IsString } from 'class-validator';
import { Type } from 'class-transformer';
import { createLogger } from '../logging/logger';
import { ConflictError } from '../errors/domain-error';
import { configureHttpApp, fastifyOptions } from './configure-http-app';

class LineDto {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class CreateThingDto {
  @IsEmail()
  email!: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto): CreateThingDto {
    return body;
  }

  @Get('conflict')
  conflict(): never {
    throw new ConflictError('insufficient_stock', 'Not enough stock.', {
      shortLines: [{ sku: 'A', requested: 2, available: 1 }],
    });
  }

  @Get('crash')
  crash(): never {
    throw new Error('database password=hunter2 leaked?');
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('problem+json over real HTTP', () => {
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(fastifyOptions()), {
      logger: false,
      bodyParser: false,
    });
    configureHttpApp(app, createLogger({ level: 'silent' }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(() => app.close());

  async function call(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
    const res = await fetch(base + path, init);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  const post = (body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

  it('validation failures list each field and rule', async () => {
    const r = await call(
      '/api/things',
      post(JSON.stringify({ email: 'nope', lines: [{ sku: 'A', quantity: 0 }], extra: 1 })),
    );
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      instance: '/api/things',
      title: 'Bad Request',
    });
    expect(typeof r.body['type']).toBe('string');
    expect(typeof r.body['detail']).toBe('string');
    const fields = (r.body['errors'] as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'extra', 'lines.0.quantity']);
  });

  it('unknown routes are problem+json 404s', async () => {
    const r = await call('/api/does-not-exist');
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'route_not_found', status: 404, instance: '/api/does-not-exist' });
  });

  it('broken JSON is a problem+json 400, not a crash', async () => {
    const r = await call('/api/things', post('{"email": '));
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'malformed_json' });
  });

  it('domain errors keep their code and extension members', async () => {
    const r = await call('/api/things/conflict');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      code: 'insufficient_stock',
      shortLines: [{ sku: 'A', requested: 2, available: 1 }],
    });
  });

  it('unexpected errors answer a generic 500 without internals', async () => {
    const r = await call('/api/things/crash');
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 'internal_error' });
    expect(JSON.stringify(r.body)).not.toContain('hunter2');
  });
});
