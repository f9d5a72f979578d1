export interface FieldError {
  field: string;
  message: string;
}

/**
 * Services throw these, never HttpException. `code` is stable (clients branch on it); `status` is the HTTP
 * mapping the problem+json filter uses; `extensions` are extra members of the problem document.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request is not valid.') {
    super('validation_failed', message, 400, {}, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id?: string) {
    super('not_found', id ? `${resource} ${id} was not found.` : `${resource} was not found.`, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, extensions: Record<string, unknown> = {}) {
    super(code, message, 409, extensions);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication is required or the credentials are not valid.') {
    super('unauthenticated', message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(
    code = 'forbidden',
    message = 'You are not allowed to do this.',
    extensions: Record<string, unknown> = {},
  ) {
    super(code, message, 403, extensions);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `Too many requests. Retry after ${retryAfterSeconds} s.`, 429, {
      retryAfter: retryAfterSeconds,
    });
  }
}
