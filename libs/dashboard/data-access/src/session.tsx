'use client';
import type { LoginResponse, ScopeGrant, WhoAmI, WorkspaceRole, WorkspaceSummary } from '@retailos/shared/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { ApiError, apiRequest } from './client';
import { queryKeys } from './query-keys';

export interface SignedIn {
  workspace: WorkspaceSummary;
  user: { id: string; email: string | null };
  role: WorkspaceRole;
  scopes: readonly ScopeGrant[];
}

/** The session behind the cookie: null when signed out (401), the error otherwise. */
export function useWhoAmI() {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: async (): Promise<SignedIn | null> => {
      try {
        const me = await apiRequest<WhoAmI>('/auth/me', { skipUnauthorizedHandler: true });
        if (me.kind !== 'session' || !me.workspace || !me.user || !me.role) return null;
        return { workspace: me.workspace, user: me.user, role: me.role, scopes: me.scopes };
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      apiRequest<LoginResponse>('/auth/login', { method: 'POST', body: input, skipUnauthorizedHandler: true }),
    onSuccess: async () => {
      qc.clear(); // nothing cached for a previous user survives a sign-in
      await qc.invalidateQueries({ queryKey: queryKeys.session() });
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/auth/logout', { method: 'POST', skipUnauthorizedHandler: true }),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(queryKeys.session(), null);
    },
  });
}

const SessionContext = createContext<SignedIn | null>(null);

export function SessionProvider({ value, children }: { value: SignedIn; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in session; only inside the signed-in shell. */
export function useSession(): SignedIn {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside the signed-in shell');
  return s;
}

export function useWorkspaceId(): string {
  return useSession().workspace.id;
}

export function hasScope(scopes: readonly ScopeGrant[], scope: ScopeGrant): boolean {
  return scopes.includes('*') || scopes.includes(scope);
}
