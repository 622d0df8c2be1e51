/** `cellreport analyze job.json --out DIR [--json]`: the analysis of a local job → DIR/report.json. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeLocalJob, loadLocalJob } from './local-job.ts';

export async function analyzeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1 || values.out === undefined) {
    console.log('Usage: cellreport analyze job.json --out DIR [--json]');
    return values.help ? 0 : 2;
  }
  const job = await loadLocalJob(positionals[0]!);
  const analysis = await analyzeLocalJob(job);
  await mkdir(values.out, { recursive: true });
  const reportPath = join(values.out, 'report.json');
  await writeFile(reportPath, `${JSON.stringify(analysis.results, null, 2)}\n`);
  if (values.json) console.log(JSON.stringify(analysis.results, null, 2));
  else console.log(`Wrote ${reportPath}`);
  return 0;
}
