/**
 * The emails notify sends. Their wording is data (`templates/email/*.txt`: a `Subject:` line,
 * a blank line, the body, `{{name}}` placeholders); this module parses and fills them and
 * decides whether the PDF fits into the message.
 */
import type { Results } from '../core/results.ts';

export interface EmailTemplate {
  name: string;
  subject: string;
  text: string;
}

export interface EmailTemplates {
  reportAttached: EmailTemplate;
  reportLink: EmailTemplate;
  jobFailed: EmailTemplate;
}

/** The file (without `.txt`) each template is read from. */
export const emailTemplateFiles: Record<keyof EmailTemplates, string> = {
  reportAttached: 'report-attached',
  reportLink: 'report-link',
  jobFailed: 'job-failed',
};

export function parseEmailTemplate(name: string, text: string): EmailTemplate {
  const match = /^Subject: (.+)\r?\n\r?\n([\s\S]+)$/.exec(text);
  if (!match)
    throw new Error(`email template ${name}: expected a "Subject: …" line, a blank line, then the body`);
  return { name, subject: match[1]!.trim(), text: match[2]! };
}

/** Replaces every `{{name}}`; a placeholder without a value is a bug in the caller, so it throws. */
export function fillTemplate(
  template: EmailTemplate,
  values: Record<string, string>,
): { subject: string; text: string } {
  const fill = (text: string) =>
    text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined)
        throw new Error(`email template ${template.name} uses {{${key}}}, which has no value`);
      return value;
    });
  return { subject: fill(template.subject), text: fill(template.text) };
}

/**
 * Bytes a message takes once MIME-encoded: base64 turns 3 bytes into 4 and breaks lines every
 * 76 characters (+2 for CRLF); headers and parts add a few kilobytes.
 */
export function encodedMessageSize_bytes(text: string, attachment_bytes: number): number {
  const base64 = Math.ceil(attachment_bytes / 3) * 4;
  const attachment = base64 + Math.ceil(base64 / 76) * 2;
  return attachment + Buffer.byteLength(text) * 2 + 4096;
}

const percent = (fraction: number | null) =>
  fraction === null ? 'not computed' : `${(fraction * 100).toFixed(1)} %`;

/** One line per cell with the headline numbers, for the email body. */
/** The first soft-short cycle, when there is one: the line a reader of the email must not miss. */
function softShortNote(events: Results['cells'][number]['softShorts']): string {
  if (events.length === 0) return '';
  const cycles = [...new Set(events.map((event) => event.cycle))].sort((a, b) => a - b);
  return `; SOFT SHORTS from cycle ${cycles[0]} (cycles ${cycles.join(', ')})`;
}

export function resultsSummary(results: Results): string {
  return results.cells
    .map(
      (cell) =>
        `- ${cell.id} (${cell.group}, ${cell.type} cell, ${cell.temperatureC} °C): ` +
        `initial CE ${percent(cell.initialCoulombicEfficiency)}, average CE ${percent(cell.averageCoulombicEfficiency)}, ` +
        `${cell.cycles.length} cycle(s)${softShortNote(cell.softShorts)}`,
    )
    .join('\n');
}
