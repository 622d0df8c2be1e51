/**
 * One benchmark case, run by `run.ts` in a fresh `node --import tsx` child so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own. Prints one JSON line (`CaseResult`) on stdout.
 *
 *   case.ts read FORMAT PATH   read PATH with the reader of FORMAT into the canonical series
 *   case.ts warm FORMAT PATH   read it 1 + WARM_READS times in this process (needs --expose-gc)
 *   case.ts stream PATH        read PATH through the same ByteSource chunks, doing nothing else
 *   case.ts whole PATH         read PATH whole with `fs.readFile` (what binary readers need)
 *   case.ts idle               load the readers and stop (the baseline RSS)
 *   case.ts cycling ROWS       benchmarkCycling(ROWS)
 *   case.ts fits COUNT         benchmarkFits(COUNT)
 *   case.ts report MANIFEST    the whole local job: read, analyse, render the PDF (no disk output)
 *   case.ts machine            how fast this machine is today (see `machineReference`)
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileSource } from '../../lib/adapters/file-source.ts';
import { allReaders } from '../../lib/core/readers/catalog.ts';
import type { Reader } from '../../lib/core/readers/reader.ts';
import { columnBytes } from '../../lib/core/series.ts';
import { nodeReadOptions } from '../../lib/pipeline/node-inflate.ts';

export interface CaseResult {
  bytes: number;
  rows: number;
  wall_s: number;
  cpu_s: number;
  maxRss_B: number;
  columnBytes: number;
  /** Case-specific figures (first/last values to check, cycling and fit results). */
  detail: Record<string, unknown>;
}

async function main(): Promise<CaseResult> {
  const [mode, first, second] = process.argv.slice(2);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const finish = (result: Omit<CaseResult, 'wall_s' | 'cpu_s' | 'maxRss_B'>): CaseResult => {
    const wall_s = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ...result,
      wall_s,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      maxRss_B: process.resourceUsage().maxRSS * 1024,
    };
  };
  switch (mode) {
    case 'read': {
      const reader = readerFor(first!);
      const source = await fileSource(second!, basename(second!));
      const series = await reader.read(source, nodeReadOptions);
      const last = series.rows - 1;
      return finish({
        bytes: source.size ?? 0,
        rows: series.rows,
        columnBytes: columnBytes(series),
        detail: {
          lastTime_s: series.time_s[last],
          lastVoltage_V: series.voltage_V?.[last] ?? null,
          lastCurrent_A: series.current_A?.[last] ?? null,
          startTime: series.startTime,
          issues: series.issues.map((issue) => issue.code),
        },
      });
    }
    case 'warm': {
      // A later read in a running process (a warm Lambda's next job, the CLI's next file): the
      // reader's code is compiled, and the heap is collected before each read, as between jobs.
      const reader = readerFor(first!);
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('case.ts warm needs node --expose-gc');
      const laterReads_s: number[] = [];
      let bytes = 0;
      let rows = 0;
      for (let read = 0; read <= WARM_READS; read++) {
        gc();
        const readStarted = performance.now();
        const source = await fileSource(second!, basename(second!));
        rows = (await reader.read(source, nodeReadOptions)).rows;
        if (read > 0) laterReads_s.push((performance.now() - readStarted) / 1000);
        bytes = source.size ?? 0;
      }
      return finish({ bytes, rows, columnBytes: 0, detail: { laterReads_s } });
    }
    case 'stream': {
      const source = await fileSource(first!);
      let bytes = 0;
      for await (const chunk of source.chunks()) bytes += chunk.byteLength;
      return finish({ bytes, rows: 0, columnBytes: 0, detail: {} });
    }
    case 'whole': {
      const bytes = (await readFile(first!)).byteLength;
      return finish({ bytes, rows: 0, columnBytes: 0, detail: {} });
    }
    case 'idle':
      return finish({ bytes: 0, rows: 0, columnBytes: 0, detail: { readers: allReaders.length } });
    case 'cycling': {
      const rows = Number(first);
      // Loaded only here, so the reader cases carry only the readers' modules.
      const { benchmarkCycling } = await import('./cycling-bench.ts');
      const result = benchmarkCycling(rows);
      return finish({ bytes: 0, rows, columnBytes: rows * 24, detail: result });
    }
    case 'fits': {
      const { benchmarkFits } = await import('./eis-bench.ts');
      const result = benchmarkFits(Number(first));
      return finish({ bytes: 0, rows: 0, columnBytes: 0, detail: { ...result } });
    }
    case 'report': {
      const { analyzeLocalJob, loadLocalJob } = await import('../../lib/cli/local-job.ts');
      const { renderReport } = await import('../../lib/report/index.ts');
      // Counted in the end-to-end time, and shown apart: through tsx's loader it is a large share.
      const modulesLoaded_s = (performance.now() - started) / 1000;
      const job = await loadLocalJob(first!);
      const analysis = await analyzeLocalJob(job);
      const analysed_s = (performance.now() - started) / 1000;
      const { pdf, figures } = await renderReport(analysis);
      const bytes = job.manifest.cells.flatMap((cell) => cell.files).length;
      return finish({
        bytes,
        rows: analysis.results.cells.reduce(
          (sum, cell) => sum + cell.files.reduce((rows, file) => rows + file.rows, 0),
          0,
        ),
        columnBytes: 0,
        detail: {
          modulesLoaded_s,
          analysed_s,
          pdf_B: pdf.byteLength,
          figures: figures.length,
          cells: analysis.results.cells.length,
        },
      });
    }
    case 'machine':
      return finish({ bytes: 0, rows: 0, columnBytes: 0, detail: { ...machineReference() } });
    default:
      throw new Error(`unknown case mode ${mode}`);
  }
}

/** Reads after the first in a `warm` case. */
const WARM_READS = 3;

function readerFor(format: string): Reader {
  const reader = allReaders.find((candidate) => candidate.format === format);
  if (!reader) throw new Error(`no reader for format ${format}`);
  return reader;
}

/** How fast the machine is at the moment: `machineReference`'s two figures. */
export type MachineReference = { loop_ms: number; freshMemoryMBps: number };

/**
 * Two figures that explain why the same code reads at different speeds on different days of a
 * shared machine: a fixed integer loop (CPU speed) and the rate of writing fresh memory (each new
 * 4 KB page faults once; every reader pays it for its columns).
 */
function machineReference(): MachineReference {
  let started = performance.now();
  let sum = 0;
  for (let index = 0; index < 300_000_000; index++) sum += index % 7;
  const loop_ms = performance.now() - started;
  if (sum < 0) throw new Error('unreachable: keeps the loop');
  const bytes = 256 * 1024 * 1024;
  started = performance.now();
  new Float64Array(bytes / 8).fill(1);
  const freshMemoryMBps = bytes / 1e6 / ((performance.now() - started) / 1000);
  return { loop_ms, freshMemoryMBps };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
