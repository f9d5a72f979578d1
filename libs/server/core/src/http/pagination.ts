import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '@retailos/shared/contracts';
import { decodeCursor, encodeCursor, filterKeyOf, InvalidCursorError } from '@retailos/shared/util';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 250;

/** `?limit=&cursor=` shared by every list endpoint; list DTOs extend it with their filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page (`nextCursor`).' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}

export class InvalidCursorProblem extends DomainError {
  constructor() {
    super('invalid_cursor', 'The cursor is invalid, was tampered with, or was issued for other filters.', 400);
  }
}

/**
 * What a cursor is bound to: the list it pages, the workspace it was issued in, and the filters. A cursor from
 * another list, workspace or filter set fails its HMAC check (400 invalid_cursor).
 */
export interface CursorFilters {
  list: string;
  workspaceId: string;
  [filter: string]: unknown;
}

/** The keyset position of a cursor, checked against the list, workspace and filters it was issued for; null for page one. */
export function readCursor(
  cursor: string | undefined,
  filters: CursorFilters,
  secret: string,
): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    return decodeCursor(cursor, filterKeyOf(filters), secret).k;
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new InvalidCursorProblem();
    throw err;
  }
}

/** Callers fetch limit + 1 rows: the extra row only says whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => (string | number)[],
  map: (row: R) => T,
  filters: CursorFilters,
  secret: string,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor({ k: keyOf(last) }, filterKeyOf(filters), secret) : null,
  };
}

/** SQL for a timestamptz keyset value as exact UTC text (microseconds kept: a JS Date would drop them). */
export function keysetTimestamp(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Escapes LIKE/ILIKE wildcards so user text is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
