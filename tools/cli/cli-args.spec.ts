import { parseFlags, required, UsageError } from './cli-args';

describe('cli flags', () => {
  it('parses --flag value pairs', () => {
    expect(parseFlags(['--name', 'Acme', '--plan', 'pro'], ['name', 'plan'])).toEqual({ name: 'Acme', plan: 'pro' });
  });
  it('refuses unknown flags, missing values and stray arguments', () => {
    expect(() => parseFlags(['--nme', 'x'], ['name'])).toThrow(UsageError);
    expect(() => parseFlags(['--name'], ['name'])).toThrow('--name needs a value');
    expect(() => parseFlags(['--name', '--plan', 'x'], ['name', 'plan'])).toThrow(UsageError);
    expect(() => parseFlags(['stray'], ['name'])).toThrow(UsageError);
    expect(() => required({}, 'name')).toThrow('--name is required');
  });
});
