// Runs bulk queries in the background (CREATED -> RUNNING -> COMPLETED/FAILED/CANCELED), streaming
// JSONL to a temp file page by page so a 100k-product export never builds one giant result,
// then announces it with bulk_operations/finish.
import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { ShopState } from '../store/shop-state';
import type { BulkOperationRec } from '../store/store.types';
import type { EventSink } from '../store/events';
import type { GraphQLContext, BulkPage } from '../graphql/graphql-context';
import { userError } from '../graphql/resolver-types';
import { validateBulkQuery } from './bulk-query.validator';
import { plainToShopifyJson } from '../util/shopify-json';
import { isoSeconds, sleep } from '../util/time';
import { toGid } from '../util/gid';
import { bulkFinishPayload } from '../webhooks/webhook-payloads';
import { executeBulkPage, planBulkQuery } from './bulk-executor';

export const MAX_CONCURRENT_BULK_QUERIES = 5;
const ROOT_PAGE = 1000;
/** Time an operation sits in CREATED before it starts (scaled by timeScale). */
const START_DELAY_MS = 1000;

export interface BulkRunnerOptions {
  schema: () => GraphQLSchema;
  sink: EventSink;
  timeScale: number;
  dir: string;
  baseUrl: () => string;
}

type Row = Record<string, unknown>;

function isConnectionValue(v: unknown): v is { edges: Array<{ node: Row | null }> } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { edges?: unknown }).edges);
}

/** Flattens one connection's nodes into JSONL rows; nested connections become child rows with __parentId. */
function flatten(
  conn: { edges: Array<{ node: Row | null }> },
  parentId: string | null,
  out: Row[],
  counts: { root: number },
): void {
  for (const edge of conn.edges) {
    const node = edge.node;
    if (!node) continue;
    const row: Row = {};
    const nested: Array<{ edges: Array<{ node: Row | null }> }> = [];
    for (const k in node) {
      const v = node[k];
      if (isConnectionValue(v)) nested.push(v);
      else row[k] = v;
    }
    if (parentId !== null) row['__parentId'] = parentId;
    else counts.root++;
    out.push(row);
    const id = typeof node['id'] === 'string' ? node['id'] : null;
    for (const child of nested) flatten(child, id, out, counts);
  }
}

export class BulkOperationRunner {
  private closed = false;
  /** Wakes an operation still waiting in CREATED, so a cancel takes effect at once. */
  private readonly wakers = new Map<bigint, () => void>();

  constructor(private readonly opts: BulkRunnerOptions) {
    mkdirSync(opts.dir, { recursive: true });
  }

  close(): void {
    this.closed = true;
  }

  start(shop: ShopState, clientId: string, query: string) {
    const { errors, document } = validateBulkQuery(this.opts.schema(), query);
    if (errors.length > 0 || !document) {
      return { bulkOperation: null, userErrors: errors.map((m) => userError(['query'], m, 'INVALID')) };
    }
    const running = [...shop.bulkOperations.values()].filter(
      (o) =>
        o.clientId === clientId &&
        o.type === 'QUERY' &&
        (o.status === 'CREATED' || o.status === 'RUNNING' || o.status === 'CANCELING'),
    );
    if (running.length >= MAX_CONCURRENT_BULK_QUERIES) {
      return {
        bulkOperation: null,
        userErrors: [
          userError(
            null,
            // Every running operation, oldest first, as Shopify lists them.
            `A bulk query operation for this app and shop is already in progress: ${running
              .sort((a, b) => (a.id < b.id ? -1 : 1))
              .map((o) => toGid('BulkOperation', o.id))
              .join(', ')}.`,
            'OPERATION_IN_PROGRESS',
          ),
        ],
      };
    }
    const op: BulkOperationRec = {
      __typename: 'BulkOperation',
      id: shop.newId(),
      clientId,
      status: 'CREATED',
      type: 'QUERY',
      errorCode: null,
      createdAt: isoSeconds(),
      completedAt: null,
      objectCount: '0',
      rootObjectCount: '0',
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
      filePath: null,
    };
    shop.bulkOperations.set(op.id, op);
    this.run(shop, op, document).catch((err: unknown) => {
      op.status = 'FAILED';
      op.errorCode = 'INTERNAL_SERVER_ERROR';
      op.completedAt = isoSeconds();
      process.emitWarning(`bulk operation ${op.id} failed: ${String(err)}`);
      this.finish(shop, op);
    });
    return { bulkOperation: op, userErrors: [] };
  }

  /** Cancellation is cooperative: the run loop notices CANCELING between pages. */
  cancel(op: BulkOperationRec): void {
    op.status = 'CANCELING';
    this.wakers.get(op.id)?.();
  }

  private finish(shop: ShopState, op: BulkOperationRec): void {
    if (this.closed) return;
    this.opts.sink.emit(shop, 'bulk_operations/finish', bulkFinishPayload(op), { clientId: op.clientId });
  }

  private async run(shop: ShopState, op: BulkOperationRec, document: DocumentNode): Promise<void> {
    await Promise.race([
      sleep(START_DELAY_MS * this.opts.timeScale),
      new Promise<void>((resolve) => this.wakers.set(op.id, resolve)),
    ]);
    this.wakers.delete(op.id);
    if (this.closed) return;
    if (op.status === 'CANCELING') {
      op.status = 'CANCELED';
      op.completedAt = isoSeconds();
      this.finish(shop, op);
      return;
    }
    op.status = 'RUNNING';
    const file = path.join(this.opts.dir, `${shop.name}-${op.id}.jsonl`);
    op.filePath = file;
    const stream = createWriteStream(file);
    let bytes = 0;
    let objects = 0;
    const counts = { root: 0 };
    const page: BulkPage = { afterId: null, size: ROOT_PAGE };
    const plan = planBulkQuery(this.opts.schema(), document);
    try {
      for (;;) {
        if (this.closed) return;
        if ((op.status as BulkOperationRec['status']) === 'CANCELING') {
          op.status = 'CANCELED';
          break;
        }
        page.nextAfterId = undefined;
        page.exhausted = undefined;
        const ctx: Partial<GraphQLContext> = {
          shop,
          clientId: op.clientId,
          bulkPage: page,
          idempotencyRequired: false,
        };
        const result = await executeBulkPage(plan, ctx as GraphQLContext);
        if (result.errors && result.errors.length > 0) {
          op.status = 'FAILED';
          op.errorCode = 'INTERNAL_SERVER_ERROR';
          break;
        }
        const rows: Row[] = [];
        for (const value of Object.values(result.data ?? {}))
          if (isConnectionValue(value)) flatten(value, null, rows, counts);
        if (rows.length > 0) {
          const chunk = rows.map((r) => plainToShopifyJson(r)).join('\n') + '\n';
          bytes += Buffer.byteLength(chunk);
          objects += rows.length;
          await write(stream, chunk);
        }
        op.objectCount = String(objects);
        op.rootObjectCount = String(counts.root);
        if (page.exhausted !== false || page.nextAfterId === undefined) {
          op.status = 'COMPLETED';
          break;
        }
        page.afterId = page.nextAfterId;
        // Yield so API requests are served while a big export runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await new Promise<void>((resolve) => stream.end(resolve));
    }
    op.completedAt = isoSeconds();
    if (op.status === 'COMPLETED' && objects > 0) {
      op.fileSize = String(bytes);
      op.url = `${this.opts.baseUrl()}/_emulator/bulk/${shop.domain}/${op.id}.jsonl`;
    } else if (op.status === 'FAILED' && objects > 0) {
      op.partialDataUrl = `${this.opts.baseUrl()}/_emulator/bulk/${shop.domain}/${op.id}.jsonl`;
    }
    this.finish(shop, op);
  }
}

function write(stream: WriteStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}
