// The SWC settings shared by the build (tools/build/build.mjs) and Jest (jest.preset.js): decorator metadata for
// NestJS DI and MikroORM, class names kept, CommonJS out.
const SWC_JSC = {
  parser: { syntax: 'typescript', decorators: true },
  transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  target: 'es2022',
  keepClassNames: true,
};

module.exports = { SWC_JSC, SWC_MODULE: { type: 'commonjs' } };
