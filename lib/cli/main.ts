/**
 * `cellreport` entry point: parses the sub-command and hands over. Each sub-command lives in its
 * own module and returns the process exit code.
 */
import { CoreError, describeLocation } from '../core/errors.ts';

const usage = `cellreport: battery test data in, a PDF report comparing cells out.

Usage:
  cellreport inspect FILE... [--json] [--bdf OUT.csv]   what each file holds, as its reader sees it
  cellreport analyze job.json --out DIR [--json]         DIR/report.json
  cellreport report job.json --out DIR                   DIR/report.pdf, DIR/report.json, DIR/figures/*.svg
  cellreport fit FILE... [--circuit STR] [--json]        equivalent-circuit fits, Kramers–Kronig, DRT
  cellreport serve [--example]                           the platform on loopback: REST API, web form, local S3, mail outbox
  cellreport submit DIR --api URL [--api-key K] [--wait] send a job folder (with job.json) through the REST API

Run "cellreport COMMAND --help" for a command's options.`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./inspect.ts')).inspectCommand,
  analyze: async () => (await import('./analyze.ts')).analyzeCommand,
  fit: async () => (await import('./fit.ts')).fitCommand,
  report: async () => (await import('./report.ts')).reportCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  submit: async () => (await import('./submit.ts')).submitCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`cellreport: unknown command "${name}".\n\n${usage}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    console.error(`cellreport ${name}: ${formatError(error)}`);
    return 1;
  }
}

/** What a user sees for an error: the message and where, never a stack trace for input problems. */
export function formatError(error: unknown): string {
  if (error instanceof CoreError) {
    const where =
      error.location && !error.message.includes(error.location.file)
        ? ` (${describeLocation(error.location)})`
        : '';
    return `${error.message}${where}`;
  }
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
