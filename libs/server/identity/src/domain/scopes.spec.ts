import { covers, narrow, scopesForRole } from './scopes';

describe('scopes only narrow', () => {
  it('owner and admin may grant anything; staff may not grant webhooks or sync writes', () => {
    expect(covers(scopesForRole('owner'), ['*'])).toBe(true);
    expect(covers(scopesForRole('admin'), ['webhooks:write'])).toBe(true);
    expect(covers(scopesForRole('staff'), ['products:write', 'orders:read'])).toBe(true);
    expect(covers(scopesForRole('staff'), ['webhooks:write'])).toBe(false);
    expect(covers(scopesForRole('staff'), ['*'])).toBe(false);
  });

  it('narrows a key to the intersection with its creator role', () => {
    expect(narrow(['*'], ['*'])).toEqual(['*']);
    expect(narrow(['products:read', 'sync:write'], scopesForRole('staff'))).toEqual(['products:read']);
    const fromStar = narrow(['*'], scopesForRole('staff'));
    expect(fromStar).toContain('products:write');
    expect(fromStar).not.toContain('webhooks:write');
    expect(fromStar).not.toContain('*');
    expect(narrow(['orders:read'], [])).toEqual([]);
  });
});
