// Turns tsconfig.base.json "paths" into Jest moduleNameMapper entries.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '../..');
  const out = {};
  for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    out[`^${escaped}$`] = path.join(root, targets[0]);
  }
  return out;
}

module.exports = { pathsToModuleNameMapper };
