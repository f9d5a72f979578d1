import { ApiError, describeError, withQuery } from './client';

describe('api client helpers', () => {
  it('drops empty query values and encodes the rest', () => {
    expect(withQuery('/orders', { status: 'open', channel: '', cursor: undefined, limit: 25, q: 'a&b' })).toBe(
      '/orders?status=open&limit=25&q=a%26b',
    );
    expect(withQuery('/orders', {})).toBe('/orders');
  });

  it('describes field errors of a problem document', () => {
    const err = new ApiError(400, 'validation_failed', 'Request validation failed', [
      { field: 'url', message: 'must be https' },
    ]);
    expect(describeError(err)).toBe('Request validation failed (url: must be https)');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('?')).toBe('Something went wrong.');
  });
});
