'use client';
import type { ApiKeyView, CreatedApiKey, ScopeGrant } from '@retailos/shared/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export function useApiKeys() {
  return usePagedQuery<ApiKeyView>(queryKeys.apiKeys.list, '/api-keys', { limit: 25 });
}

export interface CreateApiKeyInput {
  name: string;
  scopes: ScopeGrant[];
  expiresAt?: string;
}

export function useCreateApiKey() {
  const ws = useWorkspaceId();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => apiRequest<CreatedApiKey>('/api-keys', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apiKeys.all(ws) }),
  });
}

export function useRevokeApiKey() {
  const ws = useWorkspaceId();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<ApiKeyView>(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apiKeys.all(ws) }),
  });
}
