import type { CustomerView } from '@retailos/shared/contracts';

export const customerName = (c: Pick<CustomerView, 'firstName' | 'lastName' | 'email' | 'id'>): string =>
  [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.id;
