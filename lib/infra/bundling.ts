/**
 * How each Lambda is bundled: local esbuild (no Docker), one ESM file with the AWS SDK inside,
 * a `require` for the CommonJS dependencies, and the data files the code reads at run time
 * copied in by `afterBundling` hooks (NodejsFunction takes no esbuild plugins).
 *
 * Asset layout (the handler is `app/lambda/index.handler`):
 *   app/lambda/index.mjs          the bundle, two levels down so that `../../templates/`
 *                                 (where lib/report and lib/adapters look) is the asset's
 *   templates/{email,web,figures,report}
 *   node_modules/dejavu-fonts-ttf the report's embedded fonts (render only)
 *   standard-fonts/ + package.json pdfkit's standard-font metrics behind its `#standard-fonts/*`
 *                                 import, which esbuild cannot follow (render only)
 */
import { join } from 'node:path';
import { type BundlingOptions, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

export const BUNDLE_HANDLER = 'app/lambda/index.handler';

/** Node 22 LTS: the line CI also runs the suite on. */
export const NODE_TARGET = 'node22';

/** What a bundle carries besides its code. */
export interface BundleData {
  templates: ('email' | 'web' | 'figures' | 'report')[];
  /** The report's fonts and pdfkit's standard-font metrics. */
  pdf: boolean;
}

/** Defines `require` in the ESM bundle, for CommonJS dependencies that call it at run time. */
const requireBanner =
  "import { createRequire as __cellreportCreateRequire } from 'node:module'; const require = __cellreportCreateRequire(import.meta.url);";

const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansCondensed.ttf'];

/** Shell commands run after esbuild, in the project root, writing into the asset directory. */
export function afterBundlingCommands(projectRoot: string, outputDir: string, data: BundleData): string[] {
  const q = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;
  const commands = [
    `mkdir -p ${q(join(outputDir, 'app/lambda'))}`,
    `mv ${q(join(outputDir, 'index.mjs'))} ${q(join(outputDir, 'app/lambda/index.mjs'))}`,
    `if [ -f ${q(join(outputDir, 'index.mjs.map'))} ]; then mv ${q(join(outputDir, 'index.mjs.map'))} ${q(join(outputDir, 'app/lambda/index.mjs.map'))}; fi`,
  ];
  for (const folder of data.templates) {
    commands.push(
      `mkdir -p ${q(join(outputDir, 'templates'))}`,
      `cp -R ${q(join(projectRoot, 'templates', folder))} ${q(join(outputDir, 'templates', folder))}`,
    );
  }
  if (data.pdf) {
    const dejavu = join(projectRoot, 'node_modules/dejavu-fonts-ttf');
    const fontsOut = join(outputDir, 'node_modules/dejavu-fonts-ttf');
    commands.push(
      `mkdir -p ${q(join(fontsOut, 'ttf'))}`,
      `cp ${q(join(dejavu, 'package.json'))} ${q(join(dejavu, 'LICENSE'))} ${q(fontsOut)}`,
      ...DEJAVU_FILES.map((file) => `cp ${q(join(dejavu, 'ttf', file))} ${q(join(fontsOut, 'ttf', file))}`),
      `cp -R ${q(join(projectRoot, 'node_modules/pdfkit/js/standard-fonts'))} ${q(join(outputDir, 'standard-fonts'))}`,
      `printf '%s' '{"type":"module","imports":{"#standard-fonts/*":"./standard-fonts/*.cjs"}}' > ${q(join(outputDir, 'package.json'))}`,
    );
  }
  return commands;
}

export function bundlingOptions(projectRoot: string, data: BundleData): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: NODE_TARGET,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: requireBanner,
    bundleAwsSDK: true,
    externalModules: [],
    forceDockerBundling: false,
    logLevel: LogLevel.WARNING,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => afterBundlingCommands(projectRoot, outputDir, data),
    },
  };
}
