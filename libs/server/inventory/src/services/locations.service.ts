import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, isUniqueViolation, keysetPage, NotFoundError } from '@retailos/server/core';
import type { LocationView, Page } from '@retailos/shared/contracts';
import type { CreateLocationDto, ListLocationsQueryDto } from '../dto/inventory.dto';
import { InventoryRepository } from '../repositories/inventory.repository';
import { locationView } from './inventory-views';

export type { LocationView };

@Injectable()
export class LocationsService {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly config: AppConfig,
  ) {}

  list(workspaceId: string, query: ListLocationsQueryDto): Promise<Page<LocationView>> {
    return keysetPage({
      list: 'locations',
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters: {},
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.inventory.listLocations(workspaceId, after, take),
      keyOf: (l) => [l.createdKey ?? '', l.id],
      map: (rows) => rows.map(locationView),
    });
  }

  async get(workspaceId: string, id: string): Promise<LocationView> {
    const location = await this.inventory.findLocation(workspaceId, id);
    if (!location) throw new NotFoundError('Location', id);
    return locationView(location);
  }

  async create(workspaceId: string, dto: CreateLocationDto): Promise<LocationView> {
    try {
      return locationView(
        await this.inventory.createLocation(workspaceId, {
          ...dto,
          address: dto.address ? { ...dto.address } : undefined,
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err, 'locations_ws_code_uq'))
        throw new ConflictError('location_code_taken', `Location code ${dto.code} is already used.`);
      throw err;
    }
  }
}
