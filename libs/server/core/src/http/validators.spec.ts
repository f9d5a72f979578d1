import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { isStorableTimestamp, IsStringMap, IsTimestamp, NestedList, OptionalNotNull } from './validators';

class LineDto {
  @IsString() sku!: string;
}

class ListDto {
  @NestedList(() => LineDto, 2, 1) lines!: LineDto[];
}

class Dto {
  @OptionalNotNull() @IsString() title?: string;
  @OptionalNotNull() @IsTimestamp() since?: string;
  @OptionalNotNull() @IsStringMap(2) options?: Record<string, string>;
}

const errors = (plain: object): string[] =>
  validateSync(plainToInstance(Dto, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('shared validators', () => {
  it('OptionalNotNull: omitted is fine, null is refused with a clear message', () => {
    expect(errors({})).toEqual([]);
    expect(errors({ title: null })).toContain('title may be omitted but cannot be null');
  });

  it('IsTimestamp: only 4-digit years Postgres and Date both hold', () => {
    expect(errors({ since: '2026-11-30T00:00:00.000Z' })).toEqual([]);
    expect(errors({ since: '+275760-09-13T00:00:00.000Z' }).length).toBeGreaterThan(0);
    expect(isStorableTimestamp('0000-01-01T00:00:00Z')).toBe(false);
    expect(isStorableTimestamp('9999-12-31T23:59:59Z')).toBe(true);
    expect(isStorableTimestamp(12)).toBe(false);
  });

  it('IsStringMap: bounded keys of string values', () => {
    expect(errors({ options: { size: 'M', color: 'Black' } })).toEqual([]);
    expect(errors({ options: { a: '1', b: '2', c: '3' } })[0]).toMatch(/at most 2 string values/);
    expect(errors({ options: { a: 1 } }).length).toBe(1);
    expect(errors({ options: ['M'] }).length).toBe(1);
  });

  it('NestedList: min..max items, each validated as the nested DTO', () => {
    const listErrors = (plain: object): string[] =>
      validateSync(plainToInstance(ListDto, plain)).flatMap(function flat(e): string[] {
        return [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(flat)];
      });
    expect(listErrors({ lines: [{ sku: 'A' }] })).toEqual([]);
    expect(listErrors({ lines: [] })).toEqual(['lines must contain at least 1 elements']);
    expect(listErrors({ lines: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] })).toEqual([
      'lines must contain no more than 2 elements',
    ]);
    expect(listErrors({ lines: [{ sku: 7 }] })).toEqual(['sku must be a string']);
    expect(listErrors({ lines: 'A' }).length).toBeGreaterThan(0);
    expect(plainToInstance(ListDto, { lines: [{ sku: 'A' }] }).lines[0]).toBeInstanceOf(LineDto);
  });
});
