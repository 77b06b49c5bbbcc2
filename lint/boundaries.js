/**
 * The module boundaries of ARCHITECTURE.md as one ESLint rule, `boundaries/imports`:
 * - a library reaches another only through its alias (`@app/name`), never by a relative path;
 * - libraries depend one way (LIBRARY_DEPENDENCIES; `platform` imports none of the others);
 * - `apps/api/src/internal` and `apps/api/src/public` never import each other;
 * - inside `libs/manufacturing/src` submodules import only downwards (MANUFACTURING_LEVELS), a sibling through its
 *   folder's index.
 * Files are placed by their path (the last `libs/<name>/src` or `apps/api/src/<layer>` in it), so the probes in
 * lint/boundaries.spec.ts can stand anywhere.
 */
const path = require('node:path');

/** Which libraries each library may import (ARCHITECTURE.md "Dependencies point one way"). */
const LIBRARY_DEPENDENCIES = {
  platform: [],
  marketplace: ['platform'],
  auth: ['marketplace', 'platform'],
  webhooks: ['marketplace', 'platform'],
  inventory: ['platform'],
  manufacturing: ['inventory', 'webhooks', 'platform'],
};

/**
 * The order of the manufacturing submodules (README, layout): a folder imports only folders of a lower level. The
 * files directly in `src/` (shared document columns, versions) are below all of them; `src/index.ts` above.
 */
const MANUFACTURING_LEVELS = {
  bom: 1,
  recipes: 1,
  'quality-inspections': 2,
  'work-orders': 3,
  'subcontract-orders': 3,
  reports: 4,
};
const MANUFACTURING_ORDER = 'bom, recipes → quality-inspections → work-orders, subcontract-orders → reports';

const LIBRARY_PATH = /^(?:.*\/)?libs\/([^/]+)\/src(?:\/(.*))?$/;
const LAYER_PATH = /^(?:.*\/)?apps\/api\/src\/(internal|public)(?:\/|$)/;
const APPS_PATH = /^(?:.*\/)?apps\/[^/]+\/src(?:\/|$)/;

/** Where a file or an import target sits: its library (and the path inside `src/`), or its app layer. */
function place(file) {
  const posix = file.split(path.sep).join('/');
  const library = LIBRARY_PATH.exec(posix);
  if (library) return { library: library[1], inside: (library[2] ?? '').replace(/\.(ts|js)$/, '') };
  const layer = LAYER_PATH.exec(posix);
  return { app: APPS_PATH.test(posix), layer: layer?.[1] };
}

/** The manufacturing submodule of a path inside `src/`: its folder, or undefined for a file directly in `src/`. */
function submoduleOf(inside) {
  const [first, ...rest] = inside.split('/');
  if (rest.length || first in MANUFACTURING_LEVELS) return first;
  return undefined;
}

function levelOf(inside) {
  if (inside === 'index' || inside === '') return Infinity;
  const submodule = submoduleOf(inside);
  return submodule === undefined ? 0 : MANUFACTURING_LEVELS[submodule];
}

/** The problem with importing `specifier` from `filename`, or undefined. */
function problemOf(filename, specifier) {
  const source = place(filename);
  const relative = specifier.startsWith('.');
  let target;
  if (relative) target = place(path.resolve(path.dirname(filename), specifier));
  else if (specifier.startsWith('@app/')) target = { library: specifier.split('/')[1], inside: '' };
  else return undefined;

  if (relative && (source.library || source.app) && target.library !== source.library) {
    return target.library
      ? `Import the ${target.library} library through @app/${target.library}, not by a relative path.`
      : `A library imports only its own files by a relative path (${specifier} leaves libs/${source.library}).`;
  }
  if (source.library && target.library && source.library !== target.library) {
    const allowed = LIBRARY_DEPENDENCIES[source.library] ?? [];
    if (!allowed.includes(target.library)) {
      return source.library === 'platform'
        ? `platform imports no other library (here @app/${target.library}).`
        : `${source.library} may import only ${allowed.map((name) => `@app/${name}`).join(', ')}; ` +
            `@app/${target.library} is against the declared direction (ARCHITECTURE.md).`;
    }
  }
  if (source.layer && target.layer && source.layer !== target.layer) {
    return `The ${source.layer} layer never imports the ${target.layer} layer: share through a library.`;
  }
  if (source.library === 'manufacturing' && target.library === 'manufacturing' && relative) {
    return manufacturingProblem(source.inside, target.inside);
  }
  return undefined;
}

function manufacturingProblem(from, to) {
  const fromSubmodule = submoduleOf(from);
  const toSubmodule = submoduleOf(to);
  if (fromSubmodule === toSubmodule) return undefined;
  for (const [inside, submodule] of [
    [from, fromSubmodule],
    [to, toSubmodule],
  ]) {
    if (inside.includes('/') && !(submodule in MANUFACTURING_LEVELS)) {
      return `libs/manufacturing/src/${submodule} is not in the submodule order (${MANUFACTURING_ORDER}): declare it in lint/boundaries.js and the README.`;
    }
  }
  if (levelOf(to) >= levelOf(from)) {
    return `Manufacturing submodules import only downwards (${MANUFACTURING_ORDER}): ${fromSubmodule ?? from} may not import ${toSubmodule ?? to}.`;
  }
  if (toSubmodule && to !== toSubmodule && to !== `${toSubmodule}/index` && levelOf(from) !== Infinity) {
    return `Import a sibling submodule through its index (../${toSubmodule}), not ${to}.`;
  }
  return undefined;
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Module boundaries of ARCHITECTURE.md: library aliases, one-way dependencies, layers' },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const message = problemOf(context.filename, node.source.value);
      if (message) context.report({ node: node.source, message });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const plugin = { rules: { imports: importsRule } };

module.exports = {
  plugin,
  /** The flat-config block eslint.config.mjs applies to every TypeScript file. */
  boundariesConfig: { plugins: { boundaries: plugin }, rules: { 'boundaries/imports': 'error' } },
  MANUFACTURING_ORDER,
};
