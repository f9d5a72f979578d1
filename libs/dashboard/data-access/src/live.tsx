'use client';
import type { EventEnvelope } from '@retailos/shared/contracts';
import { REALTIME_EVENT } from '@retailos/shared/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { CSRF_COOKIE, readCookie } from './client';
import { keysForTopic, queryKeys } from './query-keys';

export type LiveStatus = 'connecting' | 'live' | 'offline';

type Listener = (event: EventEnvelope) => void;

/**
 * The live channel: one Socket.IO connection per signed-in shell, same origin (/ws through the Next rewrite),
 * authenticated by the session cookie plus the CSRF token. Every domain event marks the queries it touches stale,
 * so whatever is on screen refetches; screens may also listen to highlight what changed.
 */
export function useLiveChannel(workspaceId: string, onRevoked: () => void) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
  const revoked = useRef(onRevoked);
  revoked.current = onRevoked;

  useEffect(() => {
    const socket: Socket = io({
      path: '/ws',
      auth: (cb) => cb({ csrf: readCookie(CSRF_COOKIE) ?? '' }),
      withCredentials: true,
      reconnectionDelayMax: 10_000,
    });
    let missedEvents = false;
    socket.on('ready', () => {
      setStatus('live');
      // events published while the socket was down are gone: refetch whatever the workspace has on screen
      if (missedEvents) void qc.invalidateQueries({ queryKey: queryKeys.workspace(workspaceId) });
      missedEvents = false;
    });
    socket.on('disconnect', () => {
      missedEvents = true;
      setStatus('offline');
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      setStatus('offline');
      // a handshake refused for credentials will not get better by retrying
      if (err.data?.code) {
        socket.disconnect();
        revoked.current();
      }
    });
    socket.on('revoked', () => {
      socket.disconnect();
      revoked.current();
    });
    socket.on(REALTIME_EVENT, (event: EventEnvelope) => {
      if (event.workspaceId !== workspaceId) return;
      for (const key of keysForTopic(workspaceId, event.topic)) void qc.invalidateQueries({ queryKey: key });
      for (const l of listeners.current) l(event);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [qc, workspaceId]);

  const [subscribe] = useState(() => (l: Listener) => {
    listeners.current.add(l);
    return () => void listeners.current.delete(l);
  });
  return { status, subscribe };
}

export type LiveChannel = ReturnType<typeof useLiveChannel>;

const LiveContext = createContext<LiveChannel | null>(null);

export function LiveProvider({ value, children }: { value: LiveChannel; children: ReactNode }) {
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? 'offline';
}

/** Calls `listener` for every live event of the workspace while the component is mounted. */
export function useLiveEvents(listener: Listener): void {
  const live = useContext(LiveContext);
  const ref = useRef(listener);
  ref.current = listener;
  const subscribe = live?.subscribe;
  useEffect(() => (subscribe ? subscribe((e) => ref.current(e)) : undefined), [subscribe]);
}
