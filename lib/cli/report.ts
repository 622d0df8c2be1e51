/** `cellreport report job.json --out DIR`: report.json, report.pdf and figures/*.svg of a local job. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReport } from '../report/index.ts';
import { analyzeLocalJob, loadLocalJob } from './local-job.ts';

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'creation-date': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const creationDate = values['creation-date'] === undefined ? undefined : new Date(values['creation-date']);
  if (
    values.help ||
    positionals.length !== 1 ||
    values.out === undefined ||
    (creationDate && Number.isNaN(creationDate.getTime()))
  ) {
    console.log('Usage: cellreport report job.json --out DIR [--creation-date ISO-DATE] [--json]');
    return values.help ? 0 : 2;
  }
  const job = await loadLocalJob(positionals[0]!);
  const analysis = await analyzeLocalJob(job);
  const { pdf, figures } = await renderReport(analysis, creationDate ? { creationDate } : {});
  await mkdir(join(values.out, 'figures'), { recursive: true });
  await writeFile(join(values.out, 'report.json'), `${JSON.stringify(analysis.results, null, 2)}\n`);
  await writeFile(join(values.out, 'report.pdf'), pdf);
  for (const figure of figures)
    await writeFile(join(values.out, 'figures', `${figure.name}.svg`), figure.svg);
  if (values.json) console.log(JSON.stringify(analysis.results, null, 2));
  else
    console.log(
      `Wrote ${join(values.out, 'report.pdf')} (${(pdf.byteLength / 1024).toFixed(0)} KB, ${figures.length} figures), report.json and figures/`,
    );
  return 0;
}
