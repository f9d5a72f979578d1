// Rewrites libs/shared/contracts/src/view-schemas.generated.ts from views.ts:
//   node tools/dev/run.mjs tools/openapi/generate-view-schemas.ts
import { writeFileSync } from 'node:fs';
import { generateViewSchemas, REGISTRY_FILE, renderRegistry } from './view-schemas';

function main(): void {
  const schemas = generateViewSchemas();
  writeFileSync(REGISTRY_FILE, renderRegistry(schemas));
  process.stdout.write(`${Object.keys(schemas.views).length} view schemas -> ${REGISTRY_FILE}\n`);
}

main();
