import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const c = loadConfig({ PORT: '4555' });
    expect(c.PORT).toBe(4555);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('fails fast naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('REALTIME_REVALIDATE_MS: 0 turns the periodic check off, anything else must be at least 100 ms', () => {
    expect(loadConfig({ REALTIME_REVALIDATE_MS: '0' }).REALTIME_REVALIDATE_MS).toBe(0);
    expect(loadConfig({ REALTIME_REVALIDATE_MS: '250' }).REALTIME_REVALIDATE_MS).toBe(250);
    expect(() => loadConfig({ REALTIME_REVALIDATE_MS: '50' })).toThrow(/REALTIME_REVALIDATE_MS/);
    expect(() => loadConfig({ REALTIME_REVALIDATE_MS: 'soon' })).toThrow(/REALTIME_REVALIDATE_MS/);
  });
});
