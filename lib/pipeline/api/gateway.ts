/** API Gateway (REST, Lambda proxy integration) events ↔ the API's own request and response. */
import { z } from 'zod';
import { message } from '../../core/messages.ts';
import { EventShapeError } from '../errors.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const proxyEventSchema = z.object({
  httpMethod: z.string().min(1),
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).nullable().optional(),
  body: z.string().nullable().optional(),
  isBase64Encoded: z.boolean().optional(),
});

export interface GatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function requestOfGatewayEvent(event: unknown): ApiRequest {
  const parsed = proxyEventSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      expected: issue.message,
    }));
    throw new EventShapeError(message.eventNotApiGateway(problems), problems);
  }
  const { httpMethod, path, headers, body, isBase64Encoded } = parsed.data;
  const lowerCased: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lowerCased[name.toLowerCase()] = value;
  const text = body == null ? null : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { method: httpMethod, path, headers: lowerCased, body: text };
}

export function gatewayResultOf(response: ApiResponse): GatewayResult {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}
