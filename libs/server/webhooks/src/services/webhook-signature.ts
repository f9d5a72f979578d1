import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** Standard Webhooks: the key is the base64 part of `whsec_<base64>`. */
function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function standardSignature(secret: string, msgId: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', standardKey(secret)).update(`${msgId}.${timestampSec}.${body}`).digest('base64')}`;
}

/** `X-Retailos-Signature`: hex HMAC-SHA256 of the raw body, keyed with the whole secret string. */
export function retailosSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface SignedHeaders {
  'content-type': string;
  'user-agent': string;
  'x-retailos-signature': string;
  'x-retailos-idempotency-key': string;
  'x-retailos-topic': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** During a rotation both secrets sign: receivers on either secret keep verifying (space-separated, as the spec says). */
export function signDelivery(input: {
  secrets: string[];
  eventId: string;
  topic: string;
  body: string;
  timestampSec: number;
}): SignedHeaders {
  return {
    'content-type': 'application/json',
    'user-agent': 'Retailos-Webhooks/1.0',
    'x-retailos-signature': input.secrets.map((s) => retailosSignature(s, input.body)).join(' '),
    'x-retailos-idempotency-key': input.eventId,
    'x-retailos-topic': input.topic,
    'webhook-id': input.eventId,
    'webhook-timestamp': String(input.timestampSec),
    'webhook-signature': input.secrets
      .map((s) => standardSignature(s, input.eventId, input.timestampSec, input.body))
      .join(' '),
  };
}
