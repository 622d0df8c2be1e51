/**
 * In-memory ports for stage and API tests: a bucket as a Map (with S3's conditional-create
 * semantics), a mailer that records what it sent, a clock that stands still.
 */

import { loadEmailTemplates, templatesDir } from '../../lib/adapters/templates.ts';
import type { Analysis } from '../../lib/core/analysis.ts';
import type { Results } from '../../lib/core/results.ts';
import { readConfig } from '../../lib/pipeline/config.ts';
import type { PipelineDeps } from '../../lib/pipeline/deps.ts';
import type {
  Clock,
  LogEntry,
  Mailer,
  MailMessage,
  ObjectInfo,
  ObjectStore,
} from '../../lib/pipeline/ports.ts';

export class MemoryStore implements ObjectStore {
  readonly objects = new Map<
    string,
    { body: Uint8Array; contentType?: string; contentDisposition?: string }
  >();
  constructor(readonly bucket: string) {}

  async get(key: string, range?: { start: number; end: number }) {
    const object = this.objects.get(key);
    if (!object) return null;
    return range ? object.body.subarray(range.start, range.end + 1) : object.body;
  }
  async *stream(key: string) {
    const object = this.objects.get(key);
    if (!object) throw new Error(`no ${key}`);
    for (let offset = 0; offset < object.body.byteLength; offset += 1000)
      yield object.body.subarray(offset, offset + 1000);
  }
  async head(key: string): Promise<ObjectInfo | null> {
    const object = this.objects.get(key);
    return object ? { key, size_bytes: object.body.byteLength } : null;
  }
  async put(
    key: string,
    body: Uint8Array | string,
    options: { contentType?: string; contentDisposition?: string } = {},
  ) {
    this.objects.set(key, {
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      ...options,
    });
  }
  async putIfAbsent(key: string, body: Uint8Array | string) {
    if (this.objects.has(key)) return false;
    await this.put(key, body);
    return true;
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
  async list(prefix: string) {
    return [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => ({ key, size_bytes: this.objects.get(key)!.body.byteLength }));
  }
  async presignPut(key: string, expiresIn_s: number) {
    return `https://${this.bucket}.example/${key}?put&expires=${expiresIn_s}`;
  }
  async presignGet(key: string, expiresIn_s: number, downloadName?: string) {
    return `https://${this.bucket}.example/${key}?get&expires=${expiresIn_s}&name=${downloadName ?? ''}`;
  }
  text(key: string): string | null {
    const object = this.objects.get(key);
    return object ? new TextDecoder().decode(object.body) : null;
  }
  json<T = Record<string, unknown>>(key: string): T | null {
    const text = this.text(key);
    return text === null ? null : (JSON.parse(text) as T);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = false;
  async send(message: MailMessage) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('SMTP connection refused');
    }
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>` };
  }
}

export const fixedClock: Clock = { now: () => new Date('2026-03-01T12:00:00Z') };

/** A tiny results + analysis for a job: the render fake draws nothing from it. */
export function fakeAnalysis(jobId: string): Analysis {
  const results: Results = {
    version: 1,
    jobId,
    title: 'LBHI interlayer vs bare LPSCl',
    generatedBy: { name: 'cellreport', version: 'test' },
    cells: [
      {
        id: 'cu-lpscl-liin',
        group: 'LPSCl',
        type: 'half',
        temperatureC: 25,
        areaCm2: 0.785,
        activeMassMg: null,
        coulombicEfficiencyConvention: 'stripping/plating',
        cycles: [],
        initialCoulombicEfficiency: 0.703,
        averageCoulombicEfficiency: 0.72,
        projectedCyclesTo80: 1,
        capacityRetention: null,
        nucleationOverpotential_V: null,
        ocv: null,
        pressure: null,
        softShorts: [],
        eis: [],
        files: [],
        warnings: [],
      },
    ],
    comparison: [],
  } as unknown as Results;
  return { version: 1, results, curves: [], settings: {} };
}

export const fakePdf = new TextEncoder().encode('%PDF-1.7\nfake report\n%%EOF\n');

export interface Harness {
  deps: PipelineDeps;
  uploads: MemoryStore;
  reports: MemoryStore;
  mailer: RecordingMailer;
  logs: LogEntry[];
  analyzeCalls: string[];
  renderCalls: string[];
}

/** Deps with fake engines: analyse returns `fakeAnalysis`, render returns `fakePdf`. */
export async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const uploads = new MemoryStore('uploads');
  const reports = new MemoryStore('reports');
  const mailer = new RecordingMailer();
  const logs: LogEntry[] = [];
  const analyzeCalls: string[] = [];
  const renderCalls: string[] = [];
  const deps: PipelineDeps = {
    uploads,
    reports,
    mailer,
    clock: fixedClock,
    log: (entry) => logs.push(entry),
    config: readConfig({ MAIL_FROM: 'cellreport@lab.example', ...env }),
    emailTemplates: loadEmailTemplates(templatesDir()),
    analyze: async (input) => {
      analyzeCalls.push(input.jobId);
      for (const cell of input.manifest.cells) {
        for (const file of cell.files) await (await input.open(file.path)).bytes();
      }
      return fakeAnalysis(input.jobId);
    },
    render: async (analysis) => {
      renderCalls.push(analysis.results.jobId);
      return { pdf: fakePdf, figures: [{ name: 'ce', svg: '<svg/>' }] };
    },
  };
  return { deps, uploads, reports, mailer, logs, analyzeCalls, renderCalls };
}

export const exampleManifest = {
  version: 1,
  title: 'LBHI interlayer vs bare LPSCl',
  notify: ['someone@lab.example'],
  baseline: 'LPSCl',
  cells: [
    {
      id: 'cu-lpscl-liin',
      group: 'LPSCl',
      type: 'half',
      areaCm2: 0.785,
      temperatureC: 25,
      files: [{ path: 'cu-lpscl-liin/cycling.mpt', kind: 'cycling' }],
    },
  ],
};
