import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@retailos/server/core';

// "Config once": every variable the server reads is declared in AppConfig; this keeps the README's tables honest.
describe('README documents every environment variable', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

  it.each(Object.keys(new AppConfig()))('%s is listed', (name) => {
    const listed =
      new RegExp('`' + name + '`').test(readme) || readme.includes(`\`${name.replace(/_(PRO|ENTERPRISE)$/, '')}`);
    expect(listed).toBe(true);
  });
});
