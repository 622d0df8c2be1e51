/**
 * The CDK app (`cdk.json` → `npx tsx lib/infra/app.ts`): one stack, checked by cdk-nag's
 * AwsSolutions pack on every synth.
 */
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { packageVersion } from '../pipeline/version.ts';
import { CellreportStack } from './stack.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export function buildApp(app: App = new App()): { app: App; stack: CellreportStack } {
  const stack = new CellreportStack(app, 'Cellreport', {
    projectRoot,
    version: packageVersion,
    description: 'cellreport: battery test data in, PDF reports comparing cells out',
  });
  return { app, stack };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { app } = buildApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}
