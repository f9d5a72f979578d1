import { Injectable } from '@nestjs/common';
import { WebhookSettings } from './webhook-settings.service';

const SECRET_CACHE_MS = 60_000;
const MAX_ENTRIES = 10_000;

/** Opened signing secrets, memory only, never logged nor queued; keyed by the sealed value read with the delivery, so never stale. */
@Injectable()
export class WebhookSecretCache {
  private readonly opened = new Map<string, { plain: string; until: number }>();

  constructor(private readonly settings: WebhookSettings) {}

  private open(sealed: string): string {
    const now = Date.now();
    const hit = this.opened.get(sealed);
    if (hit && hit.until > now) return hit.plain;
    const plain = this.settings.secrets.open(sealed);
    if (this.opened.size >= MAX_ENTRIES) this.opened.clear();
    this.opened.set(sealed, { plain, until: now + SECRET_CACHE_MS });
    return plain;
  }

  /** The secrets a delivery is signed with: the current one, and the previous one while its rotation overlap lasts. */
  signingSecrets(sub: {
    secretEnc: string;
    previousSecretEnc: string | null;
    previousSecretExpiresAt: Date | string | null;
  }): string[] {
    const secrets = [this.open(sub.secretEnc)];
    if (
      sub.previousSecretEnc &&
      sub.previousSecretExpiresAt &&
      new Date(sub.previousSecretExpiresAt).getTime() > Date.now()
    ) {
      secrets.push(this.open(sub.previousSecretEnc));
    }
    return secrets;
  }
}
