/**
 * S3 notification events: the schema a stage handler validates, the one place keys are decoded,
 * and the builder the local event bridge uses to produce records with the shape real S3 sends.
 *
 * S3 writes keys in event records form-URL-encoded: spaces as `+`, other reserved characters
 * percent-encoded, `/` kept (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
import { z } from 'zod';
import { message } from '../core/messages.ts';
import { EventShapeError } from './errors.ts';

const recordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string().startsWith('ObjectCreated:'),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1), arn: z.string().startsWith('arn:') }),
    object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional() }),
  }),
});

const eventSchema = z.object({ Records: z.array(recordSchema).min(1) });

/** An S3 object an event announces, with its key decoded. */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

/** S3 sends `s3:TestEvent` when notifications are configured: nothing to do. */
function isTestEvent(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as { Event?: unknown }).Event === 's3:TestEvent'
  );
}

/**
 * The objects an S3 event announces, keys decoded. Throws `EventShapeError` naming the fields
 * that do not match when the event is not an S3 object-created notification.
 */
export function objectsOfS3Event(event: unknown): ObjectLocation[] {
  if (isTestEvent(event)) return [];
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      expected: issue.message,
    }));
    throw new EventShapeError(message.eventNotS3(problems), problems);
  }
  return parsed.data.Records.map((record) => ({
    bucket: record.s3.bucket.name,
    key: decodeS3Key(record.s3.object.key),
  }));
}

/** A key as it appears in an event record → the object's key. */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** An object's key → as S3 writes it in an event record. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface CreatedObject {
  bucket: string;
  key: string;
  size_bytes: number;
  eTag: string;
  eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
  time: Date;
  region: string;
  sequencer: string;
}

/** One S3 notification record (event version 2.1) for a created object, as S3 would send it. */
export function s3EventRecord(created: CreatedObject, configurationId: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: created.region,
    eventTime: created.time.toISOString(),
    eventName: created.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': created.sequencer, 'x-amz-id-2': created.sequencer },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: created.bucket,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${created.bucket}`,
      },
      object: {
        key: encodeS3Key(created.key),
        size: created.size_bytes,
        eTag: created.eTag,
        sequencer: created.sequencer,
      },
    },
  };
}
