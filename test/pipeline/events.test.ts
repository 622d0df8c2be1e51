import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventShapeError, PathOutsideJobError } from '../../lib/pipeline/errors.ts';
import { jobIdOfKey, uploadKey } from '../../lib/pipeline/keys.ts';
import { decodeS3Key, encodeS3Key, objectsOfS3Event, s3EventRecord } from '../../lib/pipeline/s3-event.ts';
import { stagesTriggeredBy } from '../../lib/pipeline/triggers.ts';

const created = (key: string) => ({
  bucket: 'cellreport-uploads',
  key,
  size_bytes: 12,
  eTag: 'abc',
  eventName: 'ObjectCreated:Put' as const,
  time: new Date('2026-03-01T12:00:00Z'),
  region: 'eu-west-1',
  sequencer: '0055AED6DCD90281E5',
});

describe('S3 events and keys', () => {
  it('keys are written into records the way S3 does: spaces as +, parentheses percent-encoded, slashes kept', () => {
    expect(encodeS3Key('uploads/j 1/cell (2)/cycling+1.mpt')).toBe(
      'uploads/j+1/cell+%282%29/cycling%2B1.mpt',
    );
  });

  it('any key survives the round trip through an event record', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        (key) => decodeS3Key(encodeS3Key(key)) === key,
      ),
    );
  });

  it('a record built for a created object has a real bucket ARN and decodes back to the key', () => {
    // Prepare
    const record = s3EventRecord(created('uploads/job 1/job.json'), 'analyse');
    // Act
    const objects = objectsOfS3Event({ Records: [record] });
    // Assess
    expect(record.s3.bucket.arn).toBe('arn:aws:s3:::cellreport-uploads');
    expect(record.s3.object.key).toBe('uploads/job+1/job.json');
    expect(objects).toEqual([{ bucket: 'cellreport-uploads', key: 'uploads/job 1/job.json' }]);
  });

  it("S3's test event announces no object", () => {
    expect(objectsOfS3Event({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' })).toEqual([]);
  });

  it('an event that is not an object-created notification is refused naming the fields', () => {
    // Act
    const attempt = () => objectsOfS3Event({ Records: [{ eventSource: 'aws:sqs', s3: {} }] });
    // Assess
    expect(attempt).toThrow(EventShapeError);
    expect(attempt).toThrow(/Records\.0\.eventSource/);
  });

  it('each stage is triggered only by its own objects', () => {
    expect(stagesTriggeredBy('uploads', 'uploads/j/job.json')).toEqual(['analyse']);
    expect(stagesTriggeredBy('uploads', 'uploads/j/cell/cycling.mpt')).toEqual([]);
    expect(stagesTriggeredBy('reports', 'results/j/analysis.json')).toEqual(['render']);
    expect(stagesTriggeredBy('reports', 'reports/j/report.pdf')).toEqual([]);
    expect(stagesTriggeredBy('reports', 'reports/j/report.json')).toEqual(['notify']);
    expect(stagesTriggeredBy('reports', 'jobs/j/failure.json')).toEqual(['notify']);
    expect(stagesTriggeredBy('reports', 'jobs/j/status.json')).toEqual([]);
    expect(stagesTriggeredBy('uploads', 'results/j/analysis.json')).toEqual([]);
  });

  it('file paths that would leave the job folder are refused', () => {
    for (const path of ['../other/job.json', 'a/../../b', '/etc/passwd', 'a\\b', 'a//b', 'job.json', '']) {
      expect(() => uploadKey('job-1', path), path).toThrow(PathOutsideJobError);
    }
    expect(uploadKey('job-1', 'cell/cycling.mpt')).toBe('uploads/job-1/cell/cycling.mpt');
  });

  it('only a key shaped exactly <prefix><job>/<name> names a job', () => {
    expect(jobIdOfKey('uploads/job-1/job.json', 'uploads/', 'job.json')).toBe('job-1');
    expect(jobIdOfKey('uploads/job-1/cell/job.json', 'uploads/', 'job.json')).toBeNull();
    expect(jobIdOfKey('uploads/../job.json', 'uploads/', 'job.json')).toBeNull();
  });
});
