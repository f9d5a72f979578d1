import 'reflect-metadata';
import { loadConfig } from '@retailos/server/core';
import { ensureDatabaseExists, migrate } from '@retailos/server/database';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MIGRATIONS } from './migrations';

/**
 * npm run db:migrate | db:migrate:down [-- --to <name>] | db:migration:create -- --context <lib> --name <what>
 * Migrations run as their own step, never on boot.
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const arg = (flag: string): string | undefined => {
    const i = rest.indexOf(flag);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command === 'create') {
    const context = arg('--context');
    const name = arg('--name');
    if (!context || !name || !/^[a-z0-9-]+$/.test(name)) {
      throw new Error('usage: npm run db:migration:create -- --context <catalog|orders|...> --name <kebab-name>');
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const className = `Migration${stamp}${name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`;
    const dir = join(process.cwd(), 'libs/server', context, 'src/migrations');
    if (!existsSync(join(process.cwd(), 'libs/server', context)))
      throw new Error(`No context library libs/server/${context}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${stamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${className} extends Migration {\n  override async up(): Promise<void> {\n    this.addSql('');\n  }\n\n  override async down(): Promise<void> {\n    this.addSql('');\n  }\n}\n`,
    );
    process.stdout.write(
      `created ${file}\nregister it in ${join(dir, 'index.ts')} as { name: '${className}', class: ${className} }\n`,
    );
    return;
  }
  if (command !== 'up' && command !== 'down') throw new Error('usage: migrate.ts up|down|create');
  const config = loadConfig();
  await ensureDatabaseExists(config.DATABASE_URL);
  const ran = await migrate(config.DATABASE_URL, ALL_MIGRATIONS, command, { to: arg('--to') });
  process.stdout.write(
    `${command === 'up' ? 'applied' : 'reverted'} ${ran.length} migration(s)${ran.length ? `: ${ran.join(', ')}` : ''}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${(err as Error).message}\n`);
  process.exit(1);
});
