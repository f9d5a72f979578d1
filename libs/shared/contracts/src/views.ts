import type { CustomerOrderSummary } from './commerce';

/**
 * Response bodies of the HTTP API, framework-free so a generated client or the dashboard can type every call.
 * Timestamps are ISO-8601 UTC text, money is integer minor units with its ISO 4217 currency.
 */

export interface CustomerView extends CustomerOrderSummary {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  addresses: Record<string, unknown>[];
  tags: string[];
  acceptsMarketing: boolean;
  marketingConsentUpdatedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}
