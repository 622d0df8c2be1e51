/**
 * `cellreport start` (`npm start`): runs the bundled example job (the LBHI paper's cells) and
 * says where the results went.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { analyzeLocalJob, loadLocalJob } from './local-job.ts';

const exampleManifest = resolve(import.meta.dirname, '../../templates/example-job/job.json');

export async function startCommand(): Promise<number> {
  const out = resolve(process.env['CELLREPORT_DATA_DIR'] ?? '.cellreport', 'example');
  const job = await loadLocalJob(exampleManifest);
  const started = performance.now();
  const analysis = await analyzeLocalJob(job);
  await mkdir(out, { recursive: true });
  const reportPath = join(out, 'report.json');
  await writeFile(reportPath, `${JSON.stringify(analysis.results, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Analysed "${analysis.results.title}" (${analysis.results.cells.length} cells) in ${seconds} s.`,
  );
  for (const entry of analysis.results.comparison.filter(
    (item) => item.metric === 'initialCoulombicEfficiency',
  )) {
    const others = entry.others.map((other) => `${other.group} ${percent(other.value)}`).join(', ');
    console.log(
      `  ICE, ${entry.type} cells at ${entry.temperatureC} °C: baseline ${percent(entry.baseline.value)} vs ${others}`,
    );
  }
  console.log(`Results: ${reportPath}`);
  return 0;
}

function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)} %`;
}
