import { Inject, Injectable } from '@nestjs/common';
import { WORKSPACE_DIRECTORY, type WorkspaceDirectory } from '@retailos/shared/contracts';

export const DEFAULT_CURRENCY = 'USD';

/**
 * The workspace's default currency (from the identity context's directory), USD when unset or unknown. The directory is
 * required: a context composed without the identity port fails at boot instead of pricing everything in USD.
 */
@Injectable()
export class WorkspaceCurrency {
  private readonly cache = new Map<string, { currency: string; at: number }>();

  constructor(@Inject(WORKSPACE_DIRECTORY) private readonly directory: WorkspaceDirectory) {}

  async of(workspaceId: string): Promise<string> {
    const hit = this.cache.get(workspaceId);
    // A short cache: the hot order path should not pay a lookup per request, and currency changes are rare.
    if (hit && Date.now() - hit.at < 30_000) return hit.currency;
    const ws = await this.directory.get(workspaceId);
    const currency = ws?.currency && /^[A-Z]{3}$/.test(ws.currency) ? ws.currency : DEFAULT_CURRENCY;
    this.cache.set(workspaceId, { currency, at: Date.now() });
    return currency;
  }
}
