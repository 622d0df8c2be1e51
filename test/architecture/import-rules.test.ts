/**
 * The layout rules of DESIGN §2, enforced: each folder imports only what it may.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Folder → folders (relative to the root) it may import from, besides itself. */
const allowedLocal: Record<string, string[]> = {
  'lib/core': [],
  'lib/report': ['lib/core'],
  'lib/pipeline': ['lib/core', 'lib/report'],
  'lib/adapters': ['lib/core', 'lib/report', 'lib/pipeline'],
  'lib/infra': ['lib/core', 'lib/pipeline'],
  'lib/cli': ['lib/core', 'lib/report', 'lib/pipeline', 'lib/adapters'],
  lambdas: ['lib/core', 'lib/pipeline', 'lib/adapters'],
};

/** Packages and node built-ins a folder may not import. */
const forbiddenPackages: Record<string, RegExp> = {
  'lib/core':
    /^(node:|fs$|path$|os$|child_process$|@aws-sdk\/|aws-cdk-lib|constructs|vega|vega-lite|pdfkit|nodemailer|s3rver)/,
  'lib/report': /^(@aws-sdk\/|aws-cdk-lib|nodemailer|s3rver)/,
  'lib/pipeline': /^(vega|vega-lite|pdfkit|aws-cdk-lib|s3rver)/,
};

function sourceFiles(folder: string): string[] {
  const absolute = join(root, folder);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(absolute, entry);
    if (statSync(path).isDirectory()) return sourceFiles(join(folder, entry));
    return /\.(ts|mts|mjs|js)$/.test(entry) ? [join(folder, entry)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
    specifiers.push(match[1]!);
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!);
  return specifiers;
}

describe('import rules of DESIGN §2', () => {
  for (const [folder, allowed] of Object.entries(allowedLocal)) {
    it(`${folder} imports only ${allowed.length ? allowed.join(', ') : 'itself'} and permitted packages`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(folder)) {
        for (const specifier of importsOf(file)) {
          if (specifier.startsWith('.')) {
            const target = relative(root, resolve(join(root, file, '..'), specifier));
            // package.json is project metadata (the version), not a layer.
            const ok =
              target === 'package.json' ||
              target.startsWith(`${folder}/`) ||
              allowed.some((other) => target.startsWith(`${other}/`));
            if (!ok) violations.push(`${file} → ${target}`);
          } else if (forbiddenPackages[folder]?.test(specifier)) {
            violations.push(`${file} → ${specifier}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('lib/core reads no environment variables', () => {
    const offenders = sourceFiles('lib/core').filter((file) =>
      /process\.env/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('guards a real tree (the core has modules to check)', () => {
    expect(sourceFiles('lib/core').length).toBeGreaterThan(5);
  });
});
