import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '../errors/domain-error';
import { findOutOfBounds } from './input-bounds';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({
        field,
        message: message.startsWith(`property ${e.property} should not exist`)
          ? `${field} is not an allowed field`
          : message,
      });
    }
    if (e.children && e.children.length > 0) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * Bodies, queries and path parameters first pass the linear structural check (sizes, NUL, lone surrogates, unsafe
 * numbers, prototype keys), so class-transformer never sees a hostile shape; then the DTO rules run.
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = findOutOfBounds(value);
      if (problem) {
        const field =
          metadata.type === 'param' && metadata.data && problem.field === 'body' ? metadata.data : problem.field;
        throw new ValidationFailedError([{ field, message: problem.message.replace(/^body\b/, field) }]);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are rejected (not silently dropped); failures name each field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
