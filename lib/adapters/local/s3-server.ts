/**
 * The local S3: an s3rver bound to 127.0.0.1 with its data under `<data dir>/s3`, both buckets
 * created at start, CORS open so the web form can PUT to presigned URLs. s3rver has unpatched
 * advisories in old dependencies: it is a development server, never exposed beyond loopback.
 */
import S3rver, { type S3rverEvent } from 's3rver';

/** Lets the browser PUT files to presigned URLs and read the ETag of what it uploaded. */
const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface LocalS3 {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLocalS3(options: {
  directory: string;
  port: number;
  buckets: string[];
  onEvent: (event: S3rverEvent) => void;
}): Promise<LocalS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [corsConfiguration] })),
  });
  server.on('event', options.onEvent);
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: () => server.close(),
  };
}
