import type { Strategy } from 'passport';

export type StrategyOutcome<U> = { ok: true; user: U } | { ok: false };

/**
 * Runs one passport strategy against a request and resolves with its verdict. This is what passport's own
 * middleware does per strategy (an object deriving from the strategy with success/fail/error attached), minus the
 * session serialisation and the Express-only plumbing, so it costs next to nothing per request on Fastify.
 */
export function runStrategy<U>(strategy: Strategy, req: unknown): Promise<StrategyOutcome<U>> {
  return new Promise((resolve, reject) => {
    const action = Object.create(strategy) as {
      authenticate(req: unknown, options: unknown): void;
      success(user: U): void;
      fail(): void;
      error(err: Error): void;
      pass(): void;
      redirect(): void;
    };
    action.success = (user: U) => resolve({ ok: true, user });
    action.fail = () => resolve({ ok: false });
    action.pass = () => resolve({ ok: false });
    action.redirect = () => resolve({ ok: false });
    action.error = (err: Error) => reject(err);
    action.authenticate(req, {});
  });
}
