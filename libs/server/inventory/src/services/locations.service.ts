import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, DEFAULT_PAGE_LIMIT, isUniqueViolation, keysetTimestamp, NotFoundError, readCursor, toPage } from '@retailos/server/core';
import type { Page } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type { CreateLocationDto, ListLocationsQueryDto } from '../dto/inventory.dto';

export interface LocationView {
  id: string;
  name: string;
  code: string | null;
  address: Record<string, unknown> | null;
  active: boolean;
  createdAt: string;
}

interface LocationRow {
  id: string;
  name: string;
  code: string | null;
  address: Record<string, unknown> | null;
  active: boolean;
  created_at: Date;
  ck?: string;
}

const toView = (r: LocationRow): LocationView => ({
  id: r.id,
  name: r.name,
  code: r.code,
  address: r.address,
  active: r.active,
  createdAt: new Date(r.created_at).toISOString(),
});

@Injectable()
export class LocationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async list(workspaceId: string, query: ListLocationsQueryDto): Promise<Page<LocationView>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = { list: 'locations', workspaceId };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const params: unknown[] = [workspaceId];
    let keyset = '';
    if (after) {
      keyset = 'and (created_at, id) < (?::timestamptz, ?)';
      params.push(String(after[0]), String(after[1]));
    }
    params.push(limit + 1);
    const rows = (await this.em.fork().execute(
      `select id, name, code, address, active, created_at, ${keysetTimestamp('created_at')} as ck from locations
        where workspace_id = ? ${keyset} order by created_at desc, id desc limit ?`,
      params,
    )) as LocationRow[];
    return toPage(rows, limit, (r) => [r.ck ?? '', r.id], toView, filters, this.config.CURSOR_SECRET);
  }

  async get(workspaceId: string, id: string): Promise<LocationView> {
    const rows = (await this.em.fork().execute('select id, name, code, address, active, created_at from locations where id = ? and workspace_id = ?', [
      id,
      workspaceId,
    ])) as LocationRow[];
    const row = rows[0];
    if (!row) throw new NotFoundError('Location', id);
    return toView(row);
  }

  async create(workspaceId: string, dto: CreateLocationDto): Promise<LocationView> {
    try {
      const rows = (await this.em.fork().execute(
        `insert into locations (id, workspace_id, name, code, address) values (?, ?, ?, ?, ?::jsonb)
         returning id, name, code, address, active, created_at`,
        [newId('loc'), workspaceId, dto.name, dto.code ?? null, dto.address ? JSON.stringify(dto.address) : null],
      )) as LocationRow[];
      return toView(rows[0] as LocationRow);
    } catch (err) {
      if (isUniqueViolation(err, 'locations_ws_code_uq')) throw new ConflictError('location_code_taken', `Location code ${dto.code} is already used.`);
      throw err;
    }
  }
}
