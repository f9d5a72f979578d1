'use client';
import { ApiError, describeError, useSignIn, useWhoAmI } from '@retailos/dashboard/data-access';
import { Button, Field, TextInput } from '@retailos/dashboard/ui';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState, type FormEvent } from 'react';

const REASONS: Record<string, string> = {
  expired: 'Your session has expired. Sign in again to continue.',
  'signed-out': 'You are signed out.',
};

function safeNext(next: string | null): string {
  // only paths of this site: never an open redirect
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/orders';
}

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const reason = params.get('reason');
  const next = safeNext(params.get('next'));
  const signIn = useSignIn();
  const who = useWhoAmI();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (who.data && !signIn.isPending) router.replace(next);
  }, [who.data, signIn.isPending, router, next]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => router.replace(next) });
  };

  let error: string | null = null;
  if (signIn.error) {
    const err = signIn.error;
    if (err instanceof ApiError && err.status === 401) error = 'That email and password do not match an account.';
    else if (err instanceof ApiError && err.status === 429)
      error = 'Too many attempts. Wait a few minutes, then try again.';
    else error = describeError(err);
  }

  return (
    <main className="ro-auth">
      <form className="ro-auth__card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div className="ro-brand ro-brand--large" aria-hidden="true">
          <span className="ro-brand__mark">R</span> Retailos
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {reason && REASONS[reason] ? (
          <div
            className={`ro-notice${reason === 'expired' ? ' ro-notice--warning' : ''}`}
            role="status"
            data-testid="sign-in-reason"
          >
            {REASONS[reason]}
          </div>
        ) : null}
        {error ? (
          <div className="ro-notice ro-notice--critical" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Email">
          {(id) => (
            <TextInput
              id={id}
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(id) => (
            <TextInput
              id={id}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Button
          type="submit"
          variant="primary"
          busy={signIn.isPending}
          disabled={!email || !password}
          className="ro-btn--block"
        >
          Sign in
        </Button>
      </form>
    </main>
  );
}

export default function SignInPage() {
  return (
    <Suspense fallback={null}>
      <SignInForm />
    </Suspense>
  );
}
