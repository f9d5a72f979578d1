import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsISO8601,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/**
 * For fields whose column is NOT NULL: may be omitted (PATCH keeps the current value) but never null. Use instead
 * of @IsOptional(), which lets null through to the database.
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_o: unknown, v: unknown) => v !== undefined),
    IsDefined({ message: '$property may be omitted but cannot be null' }),
  );
}

/** An array of `min`..`max` nested DTOs, each validated as an instance of `type()`. */
export function NestedList(type: () => new () => object, max: number, min = 0): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(min > 0 ? [ArrayMinSize(min)] : []),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(type),
  );
}

// Postgres timestamptz holds 4713 BC..294276 AD, JavaScript Date +-275760; ISO 8601 without an expanded year is
// 0000..9999, which both hold (and which every client can print).
const ISO_YEAR = /^(\d{4})-/;

/** A strict ISO 8601 timestamp with a 4-digit year (0001..9999), so Postgres and Date both hold it exactly. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsISO8601({ strict: true }, options),
    ValidateBy(
      {
        name: 'isTimestampInRange',
        validator: {
          validate: (v: unknown) => isStorableTimestamp(v),
          defaultMessage: () => '$property must be an ISO 8601 timestamp with a year between 0001 and 9999',
        },
      },
      options,
    ),
  );
}

export function isStorableTimestamp(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const year = ISO_YEAR.exec(v)?.[1];
  return year !== undefined && year !== '0000' && !Number.isNaN(Date.parse(v));
}

/**
 * A free-form map of short strings (variant options and the like): at most `maxKeys` keys of up to `maxKeyLength`
 * characters, each value a string of up to `maxValueLength`.
 */
export function IsStringMap(
  maxKeys: number,
  maxKeyLength = 64,
  maxValueLength = 255,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringMap',
      validator: {
        validate: (v: unknown) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
          const entries = Object.entries(v as Record<string, unknown>);
          return (
            entries.length <= maxKeys &&
            entries.every(
              ([k, x]) =>
                k.length >= 1 && k.length <= maxKeyLength && typeof x === 'string' && x.length <= maxValueLength,
            )
          );
        },
        defaultMessage: () =>
          `$property must be an object of at most ${maxKeys} string values (names up to ${maxKeyLength}, values up to ${maxValueLength} characters)`,
      },
    },
    options,
  );
}
