import { Injectable } from '@nestjs/common';
import type { WorkspaceDirectory, WorkspaceSummary } from '@retailos/shared/contracts';
import { WorkspacesService } from './workspaces.service';

const TTL_MS = 10_000;

/** The WORKSPACE_DIRECTORY facade other contexts use; workspace name, plan and currency change rarely, so cache briefly. */
@Injectable()
export class WorkspaceDirectoryService implements WorkspaceDirectory {
  private readonly cache = new Map<string, { value: WorkspaceSummary; at: number }>();

  constructor(private readonly workspaces: WorkspacesService) {}

  async get(workspaceId: string): Promise<WorkspaceSummary | null> {
    const hit = this.cache.get(workspaceId);
    if (hit && Date.now() - hit.at < TTL_MS) return { ...hit.value };
    const value = await this.workspaces.get(workspaceId);
    if (value) {
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(workspaceId, { value, at: Date.now() });
    }
    return value ? { ...value } : null;
  }
}
