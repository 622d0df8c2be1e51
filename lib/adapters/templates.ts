/**
 * Where the `templates/` folder is at run time and how its email and web files are read. In a
 * checkout it is the repository's `templates/`; in a Lambda bundle the build copies it next to
 * the handler (`templates/` beside `index.mjs`); `CELLREPORT_TEMPLATES_DIR` overrides both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebAssets } from '../pipeline/api/types.ts';
import { type EmailTemplates, emailTemplateFiles, parseEmailTemplate } from '../pipeline/email.ts';

export function templatesDir(configured?: string): string {
  if (configured) return resolve(configured);
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'templates');
  return existsSync(bundled) ? bundled : resolve(here, '../../templates');
}

/** Read once at cold start (a missing template fails the Lambda's init, loudly). */
export function loadEmailTemplates(dir: string): EmailTemplates {
  const entries = Object.entries(emailTemplateFiles).map(([key, file]) => {
    const text = readFileSync(join(dir, 'email', `${file}.txt`), 'utf8');
    return [key, parseEmailTemplate(file, text)] as const;
  });
  return Object.fromEntries(entries) as unknown as EmailTemplates;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The web form's files from `<templates>/web`; names are checked by the API's route pattern. */
export function webAssets(dir: string): WebAssets {
  return {
    get: async (name) => {
      const contentType = contentTypes[extname(name)];
      if (!contentType || name.includes('/') || name.startsWith('.')) return null;
      try {
        return { body: await readFile(join(dir, 'web', name), 'utf8'), contentType };
      } catch {
        return null;
      }
    },
  };
}
