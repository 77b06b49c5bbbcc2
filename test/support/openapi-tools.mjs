// The integrator's tools, run on a saved copy of the served /openapi.json. They ship as ES modules, which Jest's
// CommonJS runtime cannot load, so test/openapi.e2e-spec.ts runs this file with node and reads its JSON answer.
//   node test/support/openapi-tools.mjs lint <document.json>        Redocly, recommended rules → problems
//   node test/support/openapi-tools.mjs validate <document.json>    swagger-parser → { valid, error? }
//   node test/support/openapi-tools.mjs types <document.json> <out.d.ts>   openapi-typescript → the types file
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lint } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';

const [command, file, out] = process.argv.slice(2);

if (command === 'lint') {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lint({ ref: file, config });
  const summary = problems.map((problem) => ({
    rule: problem.ruleId,
    severity: problem.severity,
    message: problem.message,
    where: problem.location.map((location) => location.pointer).join(' '),
  }));
  console.log(JSON.stringify(summary));
} else if (command === 'validate') {
  try {
    await SwaggerParser.validate(file);
    console.log(JSON.stringify({ valid: true }));
  } catch (error) {
    console.log(JSON.stringify({ valid: false, error: String(error) }));
  }
} else if (command === 'types') {
  writeFileSync(out, astToString(await openapiTS(pathToFileURL(file))));
  console.log(JSON.stringify({ written: out }));
} else {
  throw new Error(`unknown command ${command}`);
}
