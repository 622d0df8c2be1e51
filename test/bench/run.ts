/**
 * `npm run bench [-- --quick] [-- --repeat N]`: the performance figures of issue 2 in one table.
 *
 * It writes its inputs into a temporary folder (removed at the end, also on Ctrl-C): a cycling
 * CSV with a date-time column plus time, current and voltage (10 million rows ≈ 550 MB), a GCPL
 * `.mpr` and an EC-Lab `.mpt` (1 million rows each), Arbin and Neware CSV exports, an Arbin Excel
 * export (≈ 200 000 rows, cells as Excel writes them), an Arbin `.res` database (1 million rows);
 * and reads the real Arbin `.res` of the corpus when `CELLREPORT_REAL_DATA` is set. Each case runs
 * `--repeat` times (default 3) in a fresh child process (`case.ts`) so its peak RSS is its own; the
 * readers run round by round, every file once per round, so a slow minute of the shared host does
 * not fall on all runs of one file. The table shows the best run's speed, the median run's, the
 * median of the later reads in one running process ("warm": `case.ts warm`, three reads after a
 * first, the heap collected before each, as a warm Lambda or the CLI reads a job's next file), and
 * the highest peak RSS. Beside each reader it shows the ceiling: a plain read of the same file
 * doing nothing with the bytes, the way its reader reads it (the file source's streamed chunks for
 * text and `.mpr`, `fs.readFile` for the `.xlsx` and `.res`). Then the cycling analysis
 * (`benchmarkCycling`), the EIS fits (`benchmarkFits`), and the whole report (read, analyse,
 * render) for the example job and for a job of two large cells (issue 6's targets).
 *
 * MB/s is wall clock ("median": of the median run, "warm": of the median later read); "CPU MB/s"
 * divides by the lowest user + system CPU time of the runs, which is what to compare when the
 * machine is shared (the load average is printed before and after).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { arbinModelRows, defaultArbinModel, writeArbinCsv } from '../generators/arbin-csv.ts';
import { buildArbinRes } from '../generators/arbin-res.ts';
import { writeArbinXlsx } from '../generators/arbin-xlsx.ts';
import { benchCsvRow, writeBenchCsv } from '../generators/bench-csv.ts';
import { writeBenchMpr } from '../generators/bench-mpr.ts';
import { writeBenchMpt } from '../generators/bench-mpt.ts';
import { generateNewareFlatCsv } from '../generators/neware-csv.ts';
import { realDataPath } from '../support/real-data.ts';
import type { CaseResult, MachineReference } from './case.ts';

interface Sizes {
  /** Rows of each of the two cells of the large report job. */
  reportCellRows: number;
  csvRows: number;
  mprRows: number;
  mptRows: number;
  arbinCycles: number;
  /** Cycles of the Arbin model (1 s sampling) in the Excel export: 13 give 202 800 rows. */
  arbinXlsxCycles: number;
  arbinResRows: number;
  newareCycles: number;
  cyclingRows: number;
  fits: number;
}

const FULL: Sizes = {
  reportCellRows: 1_000_000,
  csvRows: 10_000_000,
  mprRows: 1_000_000,
  mptRows: 1_000_000,
  arbinCycles: 2000,
  arbinXlsxCycles: 13,
  arbinResRows: 1_000_000,
  newareCycles: 170,
  cyclingRows: 10_000_000,
  fits: 1000,
};
const QUICK: Sizes = {
  reportCellRows: 100_000,
  csvRows: 300_000,
  mprRows: 100_000,
  mptRows: 50_000,
  arbinCycles: 100,
  arbinXlsxCycles: 1,
  arbinResRows: 50_000,
  newareCycles: 10,
  cyclingRows: 1_000_000,
  fits: 50,
};

const CASE_SCRIPT = fileURLToPath(new URL('./case.ts', import.meta.url));
const EXAMPLE_JOB = fileURLToPath(new URL('../../templates/example-job/job.json', import.meta.url));

/** A job of two full cells (baseline and interlayer) of `rows` rows each, in the bench CSV format. */
function writeLargeJob(folder: string, rows: number): string {
  const cells = ['baseline', 'interlayer'].map((group) => {
    writeBenchCsv(join(folder, `${group}.csv`), rows);
    return {
      id: `large-${group}`,
      group,
      type: 'full',
      areaCm2: 1,
      activeMassMg: 10,
      temperatureC: 25,
      files: [{ path: `${group}.csv`, kind: 'cycling' }],
    };
  });
  const manifest = join(folder, 'large-job.json');
  writeFileSync(manifest, JSON.stringify({ version: 1, title: 'Large job', baseline: 'baseline', cells }));
  return manifest;
}
const MB = 1e6;

interface ReaderCase {
  name: string;
  format: string;
  path: string;
  /** How the reader gets its bytes: the ceiling reads the same way. */
  access: 'stream' | 'whole';
  expectedRows: number | null;
  check?: (result: CaseResult) => string | null;
}

function runCase(args: string[], nodeFlags: string[] = []): CaseResult {
  const child = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', CASE_SCRIPT, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`bench case ${args.join(' ')} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as CaseResult;
}

/** `repeat` runs of a case: the fastest (wall clock) with the highest peak RSS of all runs. */
function bestOf(args: string[], repeat: number): CaseResult {
  return summarise(Array.from({ length: repeat }, () => runCase(args))).best;
}

/**
 * The runs of one case: the fastest (wall clock, with the lowest CPU time and the highest peak RSS
 * of all runs) and the median wall clock.
 */
function summarise(runs: readonly CaseResult[]): { best: CaseResult; medianWall_s: number } {
  const best = runs.reduce((a, b) => (b.wall_s < a.wall_s ? b : a));
  return {
    best: {
      ...best,
      cpu_s: Math.min(...runs.map((run) => run.cpu_s)),
      maxRss_B: Math.max(...runs.map((run) => run.maxRss_B)),
    },
    medianWall_s: median(runs.map((run) => run.wall_s)),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function timed<T>(label: string, make: () => T): T {
  const started = performance.now();
  const result = make();
  console.log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function generateInputs(folder: string, sizes: Sizes): ReaderCase[] {
  console.log('Writing inputs:');
  const cases: ReaderCase[] = [];
  const csv = join(folder, 'cycling.csv');
  const csvBytes = timed(`cycling.csv, ${sizes.csvRows} rows`, () => writeBenchCsv(csv, sizes.csvRows));
  const lastCsvRow = benchCsvRow(sizes.csvRows - 1);
  cases.push({
    name: `generic CSV (${csvBytes / MB >= 1 ? Math.round(csvBytes / MB) : 0} MB)`,
    format: 'delimited-text',
    path: csv,
    access: 'stream',
    expectedRows: sizes.csvRows,
    check: (result) =>
      result.detail['lastTime_s'] === lastCsvRow.time_s &&
      result.detail['lastVoltage_V'] === lastCsvRow.voltage_V &&
      result.detail['lastCurrent_A'] === lastCsvRow.current_A
        ? null
        : `last row ${JSON.stringify(result.detail)} differs from the model ${JSON.stringify(lastCsvRow)}`,
  });

  const mpr = join(folder, 'cell.mpr');
  timed(`cell.mpr, ${sizes.mprRows} rows`, () => writeBenchMpr(mpr, sizes.mprRows));
  cases.push({
    name: 'BioLogic .mpr',
    format: 'biologic-mpr',
    path: mpr,
    access: 'stream',
    expectedRows: sizes.mprRows,
  });

  const mpt = join(folder, 'cell.mpt');
  timed(`cell.mpt, ${sizes.mptRows} rows`, () => writeBenchMpt(mpt, sizes.mptRows));
  cases.push({
    name: 'BioLogic .mpt',
    format: 'biologic-mpt',
    path: mpt,
    access: 'stream',
    expectedRows: sizes.mptRows,
  });

  const arbin = join(folder, 'arbin.csv');
  const arbinRows = timed(`arbin.csv, ${sizes.arbinCycles} cycles`, () => {
    const rows = arbinModelRows({ ...defaultArbinModel, cycles: sizes.arbinCycles, sample_s: 30 });
    writeFileSync(arbin, writeArbinCsv(rows, 'mits8'));
    return rows.length;
  });
  cases.push({
    name: 'Arbin CSV',
    format: 'arbin-csv',
    path: arbin,
    access: 'stream',
    expectedRows: arbinRows,
  });

  const arbinXlsx = join(folder, 'arbin.xlsx');
  const arbinXlsxRows = timed(`arbin.xlsx, ${sizes.arbinXlsxCycles} cycles`, () => {
    const rows = arbinModelRows({ ...defaultArbinModel, cycles: sizes.arbinXlsxCycles, sample_s: 1 });
    writeFileSync(arbinXlsx, writeArbinXlsx(rows, { excelStyle: true }));
    return rows.length;
  });
  cases.push({
    name: 'Arbin .xlsx',
    format: 'arbin-xlsx',
    path: arbinXlsx,
    access: 'whole',
    expectedRows: arbinXlsxRows,
  });

  const neware = join(folder, 'neware.csv');
  const newareRows = timed(`neware.csv, ${sizes.newareCycles} cycles`, () => {
    const { text, expected } = generateNewareFlatCsv({
      language: 'en',
      cycles: sizes.newareCycles,
      steps: [
        { type: 'CC Chg', duration_s: 1800, current_mA: 1.5 },
        { type: 'Rest', duration_s: 300, current_mA: 0 },
        { type: 'CC DChg', duration_s: 1800, current_mA: -1.5 },
        { type: 'Rest', duration_s: 300, current_mA: 0 },
      ],
      interval_s: 1,
      durationStyle: 'hms',
      start: { year: 2024, month: 1, day: 10, hour: 11, minute: 2, second: 29 },
    });
    writeFileSync(neware, text);
    return expected.rows;
  });
  cases.push({
    name: 'Neware CSV',
    format: 'neware-csv',
    path: neware,
    access: 'stream',
    expectedRows: newareRows,
  });

  const generatedRes = join(folder, 'arbin.res');
  timed(`arbin.res, ${sizes.arbinResRows} rows`, () => {
    const points = Array.from({ length: sizes.arbinResRows }, (_, row) => ({
      dataPoint: row + 1,
      time_s: row * 10,
      current_A: row % 720 < 360 ? 0.0015 : -0.0015,
      voltage_V: 3.4 + (row % 360) / 1000,
      cycle: 1 + Math.floor(row / 720),
    }));
    // Bitmap-page usage maps, as Arbin writes for tables of this size.
    writeFileSync(generatedRes, buildArbinRes({ points }, { usageMapType: 1 }));
  });
  cases.push({
    name: 'Arbin .res (generated)',
    format: 'arbin-res',
    path: generatedRes,
    access: 'whole',
    expectedRows: sizes.arbinResRows,
  });

  const res = realDataPath('cellpy/20160805_test001_45_cc_01.res');
  if (res !== null) {
    cases.push({
      name: 'Arbin .res (real, cellpy)',
      format: 'arbin-res',
      path: res,
      access: 'whole',
      expectedRows: null,
    });
  }
  return cases;
}

interface Row {
  name: string;
  result: CaseResult;
  medianWall_s: number;
  /** Median of the later reads in one process (`case.ts warm`), over all rounds. */
  warmMedian_s: number;
  ceiling: CaseResult | null;
  baseline_B: number;
  problem: string | null;
}

function formatTable(rows: Row[]): string {
  const header = [
    'case',
    'MB',
    'rows',
    's',
    'MB/s',
    'median',
    'warm',
    'CPU MB/s',
    'rows/s',
    'peak RSS MB',
    'columns MB',
    'RSS/col',
    '(RSS-idle)/col',
    'fs MB/s',
    'of fs',
  ];
  const lines = rows.map(({ name, result, medianWall_s, warmMedian_s, ceiling, baseline_B, problem }) => {
    const mbPerS = result.bytes / MB / result.wall_s;
    const ceilingMbPerS = ceiling === null ? null : ceiling.bytes / MB / ceiling.wall_s;
    return [
      problem === null ? name : `${name} [CHECK FAILED]`,
      (result.bytes / MB).toFixed(1),
      String(result.rows),
      result.wall_s.toFixed(2),
      mbPerS.toFixed(0),
      (result.bytes / MB / medianWall_s).toFixed(0),
      (result.bytes / MB / warmMedian_s).toFixed(0),
      (result.bytes / MB / result.cpu_s).toFixed(0),
      `${(result.rows / result.wall_s / 1e6).toFixed(2)} M`,
      (result.maxRss_B / MB).toFixed(0),
      (result.columnBytes / MB).toFixed(1),
      (result.maxRss_B / result.columnBytes).toFixed(2),
      ((result.maxRss_B - baseline_B) / result.columnBytes).toFixed(2),
      ceilingMbPerS === null ? '' : ceilingMbPerS.toFixed(0),
      ceilingMbPerS === null ? '' : `${((100 * mbPerS) / ceilingMbPerS).toFixed(0)} %`,
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

/**
 * Reads every file `repeat` times, one round over all cases after another, so that a minute in
 * which the shared host runs slowly touches one run of every case instead of all runs of one; the
 * machine reference is taken at the start of each round, to show such a minute.
 */
function readInRounds(
  cases: readonly ReaderCase[],
  repeat: number,
  baseline_B: number,
): { rows: Row[]; roundReferences: MachineReference[] } {
  const roundReferences: MachineReference[] = [];
  const reads: CaseResult[][] = cases.map(() => []);
  const laterReads_s: number[][] = cases.map(() => []);
  const ceilings: CaseResult[][] = cases.map(() => []);
  for (let round = 0; round < repeat; round++) {
    roundReferences.push(runCase(['machine']).detail as MachineReference);
    cases.forEach((readerCase, index) => {
      reads[index]!.push(runCase(['read', readerCase.format, readerCase.path]));
      const warm = runCase(['warm', readerCase.format, readerCase.path], ['--expose-gc']);
      laterReads_s[index]!.push(...(warm.detail['laterReads_s'] as number[]));
      ceilings[index]!.push(runCase([readerCase.access, readerCase.path]));
    });
  }
  const rows = cases.map((readerCase, index) => {
    const { best: result, medianWall_s } = summarise(reads[index]!);
    let problem =
      readerCase.expectedRows !== null && result.rows !== readerCase.expectedRows
        ? `read ${result.rows} rows, expected ${readerCase.expectedRows}`
        : null;
    problem ??= readerCase.check?.(result) ?? null;
    const ceiling = summarise(ceilings[index]!).best;
    const warmMedian_s = median(laterReads_s[index]!);
    return { name: readerCase.name, result, medianWall_s, warmMedian_s, ceiling, baseline_B, problem };
  });
  return { rows, roundReferences };
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const repeatAt = process.argv.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Math.max(1, Number(process.argv[repeatAt + 1])) : 3;
  const sizes = quick ? QUICK : FULL;
  const folder = mkdtempSync(join(tmpdir(), 'cellreport-bench-'));
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  console.log(`cellreport bench${quick ? ' (quick)' : ''}: best of ${repeat}, load average ${load()}`);
  try {
    const cases = generateInputs(folder, sizes);
    const baseline_B = bestOf(['idle'], 1).maxRss_B;
    const { rows, roundReferences } = timed('read every file, round by round', () =>
      readInRounds(cases, repeat, baseline_B),
    );
    // Measured again: a shared host can change speed while the readers run.
    const machineAfter = bestOf(['machine'], repeat).detail as MachineReference;
    const references = [...roundReferences, machineAfter];
    const cycling = timed('cycling analysis', () => bestOf(['cycling', String(sizes.cyclingRows)], 1));
    const exampleReport = timed('example job report', () => bestOf(['report', EXAMPLE_JOB], repeat));
    const largeJob = writeLargeJob(folder, sizes.reportCellRows);
    const largeReport = timed('large job report', () => bestOf(['report', largeJob], 1));
    const fits = timed('EIS fits', () => bestOf(['fits', String(sizes.fits)], 1));

    console.log(`\nReaders (idle child RSS ${(baseline_B / MB).toFixed(0)} MB; load average ${load()}):\n`);
    console.log(formatTable(rows));
    console.log(
      `\nThis machine today, at the start of each round of reads and after them: reference integer loop ${references.map((reference) => reference.loop_ms.toFixed(0)).join(' / ')} ms (lower is faster), first write of fresh memory ${references.map((reference) => reference.freshMemoryMBps.toFixed(0)).join(' / ')} MB/s (each new page faults once).`,
    );
    for (const row of rows) if (row.problem !== null) console.log(`CHECK FAILED ${row.name}: ${row.problem}`);
    const cyclingDetail = cycling.detail as { seconds: number; peakRssMb: number; cycles: number };
    const fitDetail = fits.detail as { fits: number; medianMs: number; totalMs: number };
    console.log(
      `\nCycling analysis, ${sizes.cyclingRows} rows: ${cyclingDetail.seconds.toFixed(2)} s, ${cyclingDetail.cycles} cycles, peak RSS ${cyclingDetail.peakRssMb.toFixed(0)} MB (target ≤ 2 s for 10 M rows)`,
    );
    console.log(
      `EIS fits: ${fitDetail.fits} fits, median ${fitDetail.medianMs.toFixed(2)} ms, total ${(fitDetail.totalMs / 1000).toFixed(2)} s (target median ≤ 5 ms)`,
    );
    for (const [name, report, target_s] of [
      ['example job', exampleReport, 3],
      [`job of two ${sizes.reportCellRows}-row cells`, largeReport, 20],
    ] as const) {
      const detail = report.detail as {
        modulesLoaded_s: number;
        analysed_s: number;
        pdf_B: number;
        figures: number;
        cells: number;
      };
      console.log(
        `Report, ${name}: ${report.wall_s.toFixed(2)} s end to end (loading the modules through tsx ${detail.modulesLoaded_s.toFixed(2)} s, then reading and analysis ${(detail.analysed_s - detail.modulesLoaded_s).toFixed(2)} s, rendering ${(report.wall_s - detail.analysed_s).toFixed(2)} s), ${report.rows} rows, ${detail.figures} figures, PDF ${(detail.pdf_B / 1024).toFixed(0)} KB, peak RSS ${(report.maxRss_B / MB).toFixed(0)} MB (target ≤ ${target_s} s)`,
      );
    }
    if (rows.some((row) => row.problem !== null)) process.exitCode = 1;
  } finally {
    cleanUp();
  }
}

main();
