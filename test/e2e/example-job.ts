/**
 * The bundled example job (templates/example-job, generated from the LBHI model), whole or
 * cut down to some cells so a test that only needs the flow renders a smaller report.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Manifest } from '../../lib/core/manifest.ts';

export const exampleDir = resolve(import.meta.dirname, '../../templates/example-job');

/** The two half cells of the paper's first figure: the quickest full report. */
export const halfCells = ['cu-lpscl-liin', 'cu-lbhi-lpscl-liin'];

export interface ExampleJob {
  manifest: Manifest;
  files: Map<string, Uint8Array>;
}

export function exampleJob(options: { cells?: string[]; notify?: string[] } = {}): ExampleJob {
  const full = JSON.parse(readFileSync(join(exampleDir, 'job.json'), 'utf8')) as Manifest;
  const cells = options.cells ? full.cells.filter((cell) => options.cells!.includes(cell.id)) : full.cells;
  const manifest: Manifest = { ...full, cells, notify: options.notify ?? full.notify };
  const files = new Map<string, Uint8Array>();
  for (const cell of cells) {
    for (const file of cell.files)
      files.set(file.path, new Uint8Array(readFileSync(join(exampleDir, file.path))));
  }
  return { manifest, files };
}

/** Writes a job as a folder (`job.json` + files), as `cellreport submit` reads it. */
export async function writeJobFolder(dir: string, job: ExampleJob): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'job.json'), JSON.stringify(job.manifest, null, 2));
  for (const [path, bytes] of job.files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
}
