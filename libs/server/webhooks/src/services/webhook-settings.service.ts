import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { SecretBox } from './secret-box';
import { parseAllowedHosts, portlessEntries, type SsrfPolicy } from './ssrf-guard';
import { WebhookHttpClient } from './webhook-http-client';
import { parseDuration, resolveTimings, type WebhookTimings } from './webhook-timing';

/** Webhook settings parsed once from AppConfig (a bad schedule fails at boot, not at the first retry). */
@Injectable()
export class WebhookSettings implements OnApplicationShutdown {
  readonly timings: WebhookTimings;
  readonly ssrf: SsrfPolicy;
  readonly secrets: SecretBox;
  readonly http: WebhookHttpClient;
  /** How long finished deliveries are kept (WEBHOOK_RETENTION). */
  readonly retentionMs: number;

  constructor(config: AppConfig) {
    this.timings = resolveTimings(config);
    this.ssrf = {
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      allowedHosts: parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS),
    };
    const open = portlessEntries(this.ssrf);
    if (open.length > 0) {
      new Logger('WebhookSettings').warn(
        `WEBHOOK_ALLOWED_HOSTS opens EVERY port of ${open.join(', ')} to webhook deliveries; name ports (host:port) to allow only those`,
      );
    }
    this.secrets = new SecretBox(config.WEBHOOK_SECRET_KEY);
    this.http = new WebhookHttpClient(this.ssrf, this.timings.timeoutMs);
    this.retentionMs = parseDuration(config.WEBHOOK_RETENTION);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
  }
}
