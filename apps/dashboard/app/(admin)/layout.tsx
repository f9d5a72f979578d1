'use client';
import {
  CSRF_COOKIE,
  LiveProvider,
  onUnauthorized,
  queryKeys,
  readCookie,
  SessionProvider,
  useLiveChannel,
  useSignOut,
  useWhoAmI,
  type SignedIn,
} from '@retailos/dashboard/data-access';
import { Button, ErrorState, LoadingState } from '@retailos/dashboard/ui';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';

interface NavItem {
  href: string;
  label: string;
  soon?: boolean;
  adminOnly?: boolean;
}

const NAV: { section: string; items: NavItem[] }[] = [
  {
    section: 'Commerce',
    items: [
      { href: '/orders', label: 'Orders' },
      { href: '/products', label: 'Products' },
      { href: '/inventory', label: 'Inventory' },
      { href: '/customers', label: 'Customers' },
    ],
  },
  {
    section: 'Shopify',
    items: [
      { href: '/sync/history', label: 'Sync history' },
      { href: '/sync/health', label: 'Sync health', soon: true },
      { href: '/shopify', label: 'Shopify connection', soon: true },
    ],
  },
  {
    section: 'Developers',
    items: [
      { href: '/api-keys', label: 'API keys', adminOnly: true },
      { href: '/webhooks', label: 'Webhooks' },
    ],
  },
];

function Sidebar({ session }: { session: SignedIn }) {
  const pathname = usePathname();
  const isAdmin = session.role === 'owner' || session.role === 'admin';
  return (
    <nav className="ro-sidebar" aria-label="Main">
      <Link href="/orders" className="ro-brand">
        <span className="ro-brand__mark" aria-hidden="true">
          R
        </span>
        Retailos
      </Link>
      {NAV.map((group) => (
        <div key={group.section} className="ro-nav-group">
          <div className="ro-nav-group__title">{group.section}</div>
          <ul>
            {group.items
              .filter((i) => !i.adminOnly || isAdmin)
              .map((item) =>
                item.soon ? (
                  <li key={item.href}>
                    <span className="ro-nav-link ro-nav-link--soon" aria-disabled="true" title="Coming soon">
                      {item.label} <span className="ro-soon">Soon</span>
                    </span>
                  </li>
                ) : (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      className="ro-nav-link"
                      aria-current={pathname === item.href || pathname.startsWith(`${item.href}/`) ? 'page' : undefined}
                    >
                      {item.label}
                    </Link>
                  </li>
                ),
              )}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function Shell({
  session,
  children,
  onSignOut,
  signingOut,
}: {
  session: SignedIn;
  children: ReactNode;
  onSignOut: () => void;
  signingOut: boolean;
}) {
  const qc = useQueryClient();
  // the socket says the credentials ended: ask the api who we are, the shell follows the answer
  const live = useLiveChannel(session.workspace.id, () => void qc.invalidateQueries({ queryKey: queryKeys.session() }));
  const liveLabel = live.status === 'live' ? 'Live' : live.status === 'connecting' ? 'Connecting' : 'Offline';
  return (
    <LiveProvider value={live}>
      <SessionProvider value={session}>
        <a href="#main" className="ro-skip">
          Skip to content
        </a>
        <div className="ro-app">
          <Sidebar session={session} />
          <div className="ro-main-col">
            <header className="ro-topbar">
              <div className="ro-topbar__ws">
                <strong data-testid="workspace-name">{session.workspace.name}</strong>
                <span className="ro-badge ro-badge--neutral">{session.workspace.plan}</span>
              </div>
              <div className="ro-topbar__right">
                <span className={`ro-live ro-live--${live.status}`} data-testid="live-status" title="Live updates">
                  <span aria-hidden="true" className="ro-live__dot" />
                  {liveLabel}
                </span>
                <span className="ro-topbar__user">
                  <span data-testid="user-email">{session.user.email}</span>
                  <span className="ro-muted"> · {session.role}</span>
                </span>
                <Button size="sm" variant="ghost" onClick={onSignOut} busy={signingOut}>
                  Sign out
                </Button>
              </div>
            </header>
            <main id="main" className="ro-content" tabIndex={-1}>
              {children}
            </main>
          </div>
        </div>
      </SessionProvider>
    </LiveProvider>
  );
}

export default function AdminLayout({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const qc = useQueryClient();
  const who = useWhoAmI();
  const signOut = useSignOut();
  const wasSignedIn = useRef(false);
  const signingOut = useRef(false);

  // Any 401 on a session call: the session ended under us (expired, revoked, signed out elsewhere).
  useEffect(() => {
    onUnauthorized(() => qc.setQueryData(queryKeys.session(), null));
    return () => onUnauthorized(null);
  }, [qc]);

  useEffect(() => {
    if (who.data) wasSignedIn.current = true;
    if (who.data === null) {
      const params = new URLSearchParams();
      if (pathname && pathname !== '/') params.set('next', pathname);
      if (signingOut.current) params.set('reason', 'signed-out');
      // signed in during this visit, or the browser still holds the CSRF cookie of a session the api refuses now
      else if (wasSignedIn.current || readCookie(CSRF_COOKIE)) params.set('reason', 'expired');
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      router.replace(`/sign-in${params.size ? `?${params.toString()}` : ''}`);
    }
  }, [who.data, pathname, router, qc]);

  if (who.error)
    return (
      <ErrorState
        title="The api is not answering"
        message="Retailos could not reach its api. Check that it is running, then try again."
        onRetry={() => void who.refetch()}
      />
    );
  if (!who.data) return <LoadingState label="Loading your workspace" />;
  return (
    <Shell
      session={who.data}
      signingOut={signOut.isPending}
      onSignOut={() => {
        signingOut.current = true;
        signOut.mutate();
      }}
    >
      {children}
    </Shell>
  );
}
