/**
 * Nest 12 ships ES modules, which Jest's CommonJS runtime cannot load on Node 20 (it only can from Node 24.9).
 * This transformer rewrites those packages to CommonJS with Babel. Two idioms need help first: a module-level
 * `const require = createRequire(import.meta.url)` (CommonJS already has `require`, and Babel's own output would
 * collide with the redeclared name), and any other `import.meta.url`.
 */
const babel = require('@babel/core');

const LOCAL_REQUIRE = /^\s*const require = (?:\w+\.)?createRequire\(import\.meta\.url\);?\s*$/m;

module.exports = {
  process(source, filename) {
    const prepared = source
      .replace(LOCAL_REQUIRE, '')
      .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href');
    const { code, map } = babel.transformSync(prepared, {
      filename,
      babelrc: false,
      configFile: false,
      sourceMaps: 'inline',
      plugins: ['@babel/plugin-transform-dynamic-import', '@babel/plugin-transform-modules-commonjs'],
    });
    return { code, map };
  },
};
