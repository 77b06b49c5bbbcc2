// Writes apps/api/src/openapi-metadata.ts: the @nestjs/swagger plugin's reading of the DTO and model classes
// (property types, optionality, enums from union types, doc comments, class-validator limits), which the server
// loads before it builds /openapi.json. Tests transpile file by file and cannot run the plugin, so the server, the
// build and the tests all load this one file; test/openapi.e2e-spec.ts fails when it is stale.
//   node scripts/openapi-metadata.mjs [outputDir]      (npm run openapi:metadata)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');

const root = resolve(import.meta.dirname, '..');
const outputDir = resolve(process.argv[2] ?? join(root, 'apps/api/src'));
const filename = 'openapi-metadata.ts';

const config = ts.getParsedCommandLineOfConfigFile(
  join(root, 'apps/api/tsconfig.app.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
new PluginMetadataGenerator().generate({
  tsProgramRef: ts.createProgram(config.fileNames, config.options),
  visitors: [
    new ReadonlyVisitor({
      pathToSource: join(root, 'apps/api/src'),
      introspectComments: true,
      classValidatorShim: true,
      dtoFileNameSuffix: ['.dto.ts', '.models.ts', '.model.ts'],
      // Answers are declared by the answer decorators, never inferred from a handler's return type.
      controllerFileNameSuffix: ['.no-inferred-answers.ts'],
    }),
  ],
  outputDir,
  filename,
});

// The generator writes an async function of dynamic imports of `./x.js`; the server applies the metadata before it
// builds the document, synchronously, so it becomes a function of plain requires of `./x` (CommonJS, as built).
const path = join(outputDir, filename);
const generated = readFileSync(path, 'utf8')
  .replace('export default async () => {', 'export default () => {')
  .replace(/(?:await )?import\("([^"]+?)(?:\.js)?"\)/g, 'require("$1")');
writeFileSync(path, generated);
