'use client';
import { useInventoryLevels, useLocations, useMovements, type LevelRow } from '@retailos/dashboard/data-access';
import {
  Card,
  type ColumnDef,
  FilterInput,
  FilterSelect,
  formatRelative,
  PagedTable,
  titleCase,
  Toolbar,
} from '@retailos/dashboard/ui';
import type { MovementView } from '@retailos/shared/contracts';
import { useDeferredValue, useMemo, useState } from 'react';
import { ListPage } from '../../../lib/list-page';

export default function InventoryPage() {
  const [sku, setSku] = useState('');
  const [locationId, setLocationId] = useState('');
  const skuFilter = useDeferredValue(sku.trim());
  const locations = useLocations();
  const levels = useInventoryLevels({ sku: skuFilter, locationId });
  const movements = useMovements({ sku: skuFilter, locationId });
  const locationName = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);

  const columns = useMemo<ColumnDef<LevelRow>[]>(
    () => [
      { header: 'SKU', cell: ({ row }) => <code>{row.original.sku ?? row.original.variantId}</code> },
      { header: 'Location', cell: ({ row }) => locationName.get(row.original.locationId) ?? row.original.locationId },
      {
        header: 'Available',
        cell: ({ row }) => (
          <strong className={row.original.available <= 0 ? 'ro-state--error' : undefined}>
            {row.original.available}
          </strong>
        ),
        meta: { className: 'ro-num' },
      },
      { header: 'On hand', cell: ({ row }) => row.original.onHand, meta: { className: 'ro-num' } },
      { header: 'Committed', cell: ({ row }) => row.original.committed, meta: { className: 'ro-num ro-hide-sm' } },
      {
        header: 'Updated',
        cell: ({ row }) => formatRelative(row.original.updatedAt),
        meta: { className: 'ro-hide-sm' },
      },
    ],
    [locationName],
  );
  const movementColumns = useMemo<ColumnDef<MovementView>[]>(
    () => [
      { header: 'When', cell: ({ row }) => formatRelative(row.original.createdAt) },
      {
        header: 'Location',
        cell: ({ row }) => locationName.get(row.original.locationId) ?? row.original.locationId,
        meta: { className: 'ro-hide-sm' },
      },
      { header: 'Reason', cell: ({ row }) => titleCase(row.original.reason) },
      {
        header: 'Change',
        cell: ({ row }) => (row.original.delta > 0 ? `+${row.original.delta}` : row.original.delta),
        meta: { className: 'ro-num' },
      },
      { header: 'Available after', cell: ({ row }) => row.original.availableAfter, meta: { className: 'ro-num' } },
      { header: 'Reference', cell: ({ row }) => row.original.reference ?? '—', meta: { className: 'ro-hide-sm' } },
    ],
    [locationName],
  );

  return (
    <ListPage
      title="Inventory"
      description="Stock per SKU and location, updated live as orders and adjustments land."
      exportResource="inventory"
      live="inventory."
      filters={
        <Toolbar>
          <FilterInput label="SKU" placeholder="Exact SKU" value={sku} onChange={setSku} />
          <FilterSelect
            label="Location"
            allLabel="All locations"
            options={(locations.data ?? []).map((l) => l.id)}
            labelOf={(lid) => locationName.get(lid) ?? lid}
            value={locationId}
            onChange={setLocationId}
          />
        </Toolbar>
      }
      table={{
        label: 'Stock levels',
        source: levels,
        rowTestId: 'level-row',
        columns,
        emptyTitle: skuFilter || locationId ? 'No stock matches' : 'No stock yet',
        emptyHint: 'Levels appear once a variant is stocked at a location.',
      }}
    >
      <Card title="Recent movements" flush>
        <PagedTable label="Stock movements" source={movements} columns={movementColumns} emptyTitle="No movements" />
      </Card>
    </ListPage>
  );
}
