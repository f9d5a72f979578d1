/**
 * text[] literal for a `?::text[]` binding: knex expands an array binding into a comma list, so arrays travel as
 * one quoted literal instead. Every element is quoted, so user text cannot break out of it.
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** [dto field, column, optional cast, optional encoder] for a partial update. */
export type ColumnAssignment<T> = readonly [keyof T & string, string, string?, ((value: never) => unknown)?];

/**
 * SET assignments for the fields a PATCH body actually carries (undefined = leave alone; null = clear), with their
 * bindings in order. Column names come from code, never from the request.
 */
export function updateAssignments<T extends object>(
  dto: T,
  columns: readonly ColumnAssignment<T>[],
  base: readonly string[] = ['updated_at = now()'],
): { sets: string[]; params: unknown[] } {
  const sets = [...base];
  const params: unknown[] = [];
  for (const [key, column, cast, encode] of columns) {
    const value = dto[key];
    if (value === undefined) continue;
    sets.push(`${column} = ?${cast ? `::${cast}` : ''}`);
    params.push(encode && value !== null ? encode(value as never) : value);
  }
  return { sets, params };
}
