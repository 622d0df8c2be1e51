import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBridge, eventBridge } from '../../lib/adapters/local/event-bridge.ts';
import { type LocalS3, startLocalS3 } from '../../lib/adapters/local/s3-server.ts';
import { S3ObjectStore, s3Client } from '../../lib/adapters/s3/object-store.ts';
import { objectsOfS3Event } from '../../lib/pipeline/s3-event.ts';
import type { StageName } from '../../lib/pipeline/triggers.ts';

type Delivered = { stage: StageName; event: { Records: { s3: { object: { key: string } } }[] } };

let s3: LocalS3;
let bridge: EventBridge;
let directory: string;
let uploads: S3ObjectStore;
let reports: S3ObjectStore;
const delivered: Delivered[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cellreport-bridge-'));
  const record = (stage: StageName) => async (event: unknown) => {
    delivered.push({ stage, event: event as Delivered['event'] });
  };
  bridge = eventBridge({
    buckets: { uploads: 'up', reports: 'rep' },
    handlers: { analyse: record('analyse'), render: record('render'), notify: record('notify') },
    log: () => {},
  });
  s3 = await startLocalS3({
    directory,
    port: 0,
    buckets: ['up', 'rep'],
    onEvent: (event) => bridge.accept(event),
  });
  const client = s3Client({ endpoint: s3.endpoint });
  uploads = new S3ObjectStore(client, 'up');
  reports = new S3ObjectStore(client, 'rep');
});

afterAll(async () => {
  await s3.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('local event bridge', () => {
  it('a job.json written to the local S3 reaches analyse as the record real S3 sends: encoded key, real ARN', async () => {
    // Prepare
    delivered.length = 0;
    // Act
    await uploads.put('uploads/job (1) x/job.json', '{}');
    await bridge.idle();
    // Assess
    expect(delivered.map((entry) => entry.stage)).toEqual(['analyse']);
    const [record] = delivered[0]!.event.Records;
    expect(record).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: 'up', arn: 'arn:aws:s3:::up' },
        object: { key: 'uploads/job+%281%29+x/job.json', size: 2 },
      },
    });
    expect(objectsOfS3Event(delivered[0]!.event)).toEqual([
      { bucket: 'up', key: 'uploads/job (1) x/job.json' },
    ]);
  });

  it('objects outside the notification filters start nothing', async () => {
    // Prepare
    delivered.length = 0;
    // Act
    await uploads.put('uploads/j/cell/cycling.mpt', 'x');
    await uploads.put('elsewhere/j/job.json', 'x');
    await reports.put('jobs/j/status.json', '{}');
    await reports.put('reports/j/report.pdf', 'x');
    await bridge.idle();
    // Assess
    expect(delivered).toEqual([]);
  });

  it('each stage output starts the next stage, in order', async () => {
    // Prepare
    delivered.length = 0;
    // Act
    await reports.put('results/j/analysis.json', '{}');
    await reports.put('reports/j/report.json', '{}');
    await reports.put('jobs/j/failure.json', '{}');
    await bridge.idle();
    // Assess
    expect(delivered.map((entry) => [entry.stage, entry.event.Records[0]!.s3.object.key])).toEqual([
      ['render', 'results/j/analysis.json'],
      ['notify', 'reports/j/report.json'],
      ['notify', 'jobs/j/failure.json'],
    ]);
  });
});
