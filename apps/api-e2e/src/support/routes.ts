import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AUTH_RULE, type AuthRule } from '@retailos/server/core';
import type { TestApp } from '@retailos/server/testing';
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** Fastify path template, e.g. `/api/api-keys/:id`. */
  path: string;
  params: string[];
  /** null when the route has no rule (the guard refuses it; the walk test fails on it). */
  rule: AuthRule | null;
  handler: string;
  /** What the handler reads from the request, with the DTO class when it declares one (`@Body() dto: CreateXDto`). */
  inputs: { body?: DtoClass | true; query?: DtoClass | true };
}

export type DtoClass = new (...args: never[]) => unknown;

export interface WalkableApp extends TestApp {
  /** Every route Fastify registered (method + url), Nest's and anything else's. */
  fastifyRoutes: { method: string; url: string }[];
  routes: RegisteredRoute[];
}

const join = (...parts: string[]): string =>
  `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/**
 * Boots the api like createTestApp, but records Fastify's route table as it is built and pairs each route with its
 * Nest handler and auth rule, so walk tests cover routes that later work adds without listing them by hand.
 */
export async function createWalkableApp(factory: () => Promise<NestFastifyApplication>): Promise<WalkableApp> {
  const app = await factory();
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const fastifyRoutes: { method: string; url: string }[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) fastifyRoutes.push({ method: String(method), url: route.url });
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };

  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RegisteredRoute[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat()[0] ?? '';
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name] as (...args: unknown[]) => unknown;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (sub === undefined) continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const method = RequestMethod[requestMethod];
        const rule = reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [handler, controller]) ?? null;
        for (const p of [sub].flat()) {
          // The global prefix `api` applies except to the few excluded routes (health, metrics): ask Fastify which exists.
          const candidates = [join('api', base, p), join(base, p)];
          const path = candidates.find((c) =>
            fastifyRoutes.some((r) => r.url === c && (r.method === method || method === 'ALL')),
          );
          if (!path)
            throw new Error(
              `Nest route ${method} ${join(base, p)} (${controller.name}.${name}) is not in Fastify's table`,
            );
          routes.push({
            method,
            path,
            params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string),
            rule,
            handler: `${controller.name}.${name}`,
            inputs: inputsOf(controller, name),
          });
        }
      }
    }
  }
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close(), fastifyRoutes, routes };
}

/** Which of body and query a handler reads, from Nest's parameter decorators and the emitted parameter types. */
function inputsOf(controller: DtoClass, method: string): RegisteredRoute['inputs'] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as unknown[];
  const inputs: RegisteredRoute['inputs'] = {};
  for (const [key, { index }] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[index];
    const dto =
      typeof type === 'function' && ![Object, String, Number, Boolean].includes(type as never)
        ? (type as DtoClass)
        : true;
    if (kind === RouteParamtypes.BODY) inputs.body = dto;
    if (kind === RouteParamtypes.QUERY) inputs.query = dto;
  }
  return inputs;
}

/** Replaces `:param` placeholders. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}
