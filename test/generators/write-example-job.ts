/** Writes the bundled example job into `templates/example-job/` (see example-job.ts). */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { exampleJob } from './example-job.ts';

const target = resolve(import.meta.dirname, '../../templates/example-job');
await rm(target, { recursive: true, force: true });
for (const file of await exampleJob()) {
  const path = join(target, file.path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.content);
}
console.log(`Wrote the example job to ${target}`);
