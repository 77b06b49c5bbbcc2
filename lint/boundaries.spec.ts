import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// CommonJS, shared with eslint.config.mjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { boundariesConfig } = require('./boundaries.js') as { boundariesConfig: Linter.Config };

const ROOT = join(__dirname, '..');

/** The boundary messages ESLint reports for `code` placed at `file` (relative to the repository). */
function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    { files: ['**/*.ts'], ...boundariesConfig },
  ];
  return linter
    .verify(code, config, { filename: join(ROOT, file) })
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('boundaries/imports', () => {
  it('is switched on for every TypeScript file by the repository config', () => {
    const printed = execFileSync(
      join(ROOT, 'node_modules/.bin/eslint'),
      ['--print-config', 'libs/platform/src/index.ts'],
      {
        cwd: ROOT,
      },
    ).toString();
    expect((JSON.parse(printed) as { rules: Record<string, unknown> }).rules['boundaries/imports']).toEqual([2]);
  });

  it('fails a relative import across libraries, and lets one stay inside its library', () => {
    expect(lint('libs/webhooks/src/probe.ts', `import { x } from '../../marketplace/src/installs';`)).toEqual([
      'boundaries/imports: Import the marketplace library through @app/marketplace, not by a relative path.',
    ]);
    expect(lint('libs/webhooks/src/deep/probe.ts', `export * from '../event-outbox';`)).toEqual([]);
    expect(lint('apps/api/src/internal/probe.ts', `import { x } from '../../../../libs/auth/src';`)).toHaveLength(1);
  });

  it('fails platform importing another library', () => {
    expect(lint('libs/platform/src/probe.ts', `import { AuthModule } from '@app/auth';`)).toEqual([
      'boundaries/imports: platform imports no other library (here @app/auth).',
    ]);
    expect(lint('libs/platform/src/probe.ts', `import { Dec } from './decimal';`)).toEqual([]);
  });

  it('fails an import against the declared direction between libraries', () => {
    expect(lint('libs/marketplace/src/probe.ts', `import { AuthModule } from '@app/auth';`)).toEqual([
      expect.stringContaining('marketplace may import only @app/platform; @app/auth is against the declared direction'),
    ]);
    expect(lint('libs/auth/src/probe.ts', `import { AppsService } from '@app/marketplace';`)).toEqual([]);
  });

  it('fails the internal and public layers importing each other', () => {
    expect(lint('apps/api/src/public/probe.ts', `import { X } from '../internal/bom.controller';`)).toEqual([
      'boundaries/imports: The public layer never imports the internal layer: share through a library.',
    ]);
    expect(lint('apps/api/src/internal/probe.ts', `export { Y } from '../public/items.dto';`)).toEqual([
      'boundaries/imports: The internal layer never imports the public layer: share through a library.',
    ]);
    expect(lint('apps/api/src/internal/probe.ts', `import { configureApp } from '../app.setup';`)).toEqual([]);
  });

  it('fails a manufacturing import against the submodule order, upwards or sideways', () => {
    const order = 'bom, recipes → quality-inspections → work-orders, subcontract-orders → reports';
    expect(lint('libs/manufacturing/src/bom/probe.ts', `import { X } from '../work-orders';`)).toEqual([
      `boundaries/imports: Manufacturing submodules import only downwards (${order}): bom may not import work-orders.`,
    ]);
    expect(lint('libs/manufacturing/src/recipes/probe.ts', `import { BomService } from '../bom';`)).toEqual([
      `boundaries/imports: Manufacturing submodules import only downwards (${order}): recipes may not import bom.`,
    ]);
    expect(
      lint('libs/manufacturing/src/work-orders/probe.ts', `import { X } from '../subcontract-orders';`),
    ).toHaveLength(1);
    expect(lint('libs/manufacturing/src/quality-inspections/probe.ts', `import { X } from '../reports';`)).toHaveLength(
      1,
    );
    expect(lint('libs/manufacturing/src/document.entity.ts', `import { X } from './bom';`)).toHaveLength(1);
  });

  it('lets manufacturing import downwards through a sibling’s index, and not past it', () => {
    expect(lint('libs/manufacturing/src/reports/probe.ts', `import { X } from '../work-orders';`)).toEqual([]);
    expect(lint('libs/manufacturing/src/work-orders/probe.ts', `import { X } from '../quality-inspections';`)).toEqual(
      [],
    );
    expect(lint('libs/manufacturing/src/quality-inspections/probe.ts', `import { X } from '../bom/index';`)).toEqual(
      [],
    );
    expect(
      lint('libs/manufacturing/src/work-orders/probe.ts', `import { X } from '../../src/document.entity';`),
    ).toEqual([]);
    expect(
      lint('libs/manufacturing/src/work-orders/probe.ts', `import { BomService } from '../bom/bom.service';`),
    ).toEqual(['boundaries/imports: Import a sibling submodule through its index (../bom), not bom/bom.service.']);
    expect(lint('libs/manufacturing/src/index.ts', `export * from './reports/reports.module';`)).toEqual([]);
  });

  it('asks for a new manufacturing folder to be placed in the order', () => {
    expect(lint('libs/manufacturing/src/costing/probe.ts', `import { X } from '../bom';`)).toEqual([
      expect.stringContaining('libs/manufacturing/src/costing is not in the submodule order'),
    ]);
  });
});
