/** `GET /openapi.json`: the REST API of DESIGN §3.3, with the manifest schema generated from the core's. */
import { z } from 'zod';
import { manifestSchema } from '../../core/manifest.ts';

const errorBody = {
  type: 'object',
  required: ['error', 'message', 'details'],
  properties: {
    error: {
      type: 'string',
      description: 'Stable code, e.g. invalid_manifest, missing_files, job_not_found.',
    },
    message: { type: 'string', description: 'What went wrong and what to fix, for people.' },
    details: {
      description: 'Structured detail: manifest problems [{field, expected}], missing files, limits.',
    },
  },
};

const jobIdParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The manifest as a JSON schema (OpenAPI 3.0 dialect); also the API Gateway request model. */
export function manifestJsonSchema(
  target: 'openapi-3.0' | 'draft-4' = 'openapi-3.0',
): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { target, io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

export function openApiDocument() {
  return {
    openapi: '3.0.3',
    info: {
      title: 'cellreport',
      version: '1',
      description:
        'Battery test data in, a PDF report comparing cells out. Create a job with its manifest, PUT each file to its presigned URL, submit, poll, download.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: { Manifest: manifestJsonSchema(), Error: errorBody },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/jobs': {
        post: {
          summary: 'Create a job from its manifest (job.json v1)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Manifest' } } },
          },
          responses: {
            '201': {
              description: 'One presigned PUT URL per declared file',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      jobId: { type: 'string' },
                      status: { type: 'string', enum: ['created'] },
                      expiresAt: { type: 'string', format: 'date-time' },
                      maxFileBytes: { type: 'integer' },
                      uploads: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { path: { type: 'string' }, url: { type: 'string', format: 'uri' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            '400': errorResponse('The manifest is not valid; details list each {field, expected}'),
            '413': errorResponse('The manifest or its file count exceeds a limit'),
          },
        },
      },
      '/jobs/{id}/submit': {
        post: {
          summary: 'Start the pipeline once every declared file is uploaded',
          parameters: [jobIdParameter],
          responses: {
            '202': { description: 'Queued (or already submitted: the current status)' },
            '404': errorResponse('No such job'),
            '409': errorResponse('Files not uploaded yet; details.missing lists them'),
            '413': errorResponse('A file exceeds the size limit'),
          },
        },
      },
      '/jobs/{id}': {
        get: {
          summary: 'Status of a job; report.json once done',
          parameters: [jobIdParameter],
          responses: {
            '200': {
              description: 'created → queued → analysing → rendering → done | failed',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      jobId: { type: 'string' },
                      status: {
                        type: 'string',
                        enum: ['created', 'queued', 'analysing', 'rendering', 'done', 'failed'],
                      },
                      stage: { type: 'string', enum: ['upload', 'analyse', 'render', 'notify'] },
                      error: { type: 'object' },
                      report: { type: 'object', description: 'report.json (DESIGN §3.2)' },
                      reportUrl: {
                        type: 'string',
                        format: 'uri',
                        description: 'Presigned download of the PDF, for clients that cannot send the key',
                      },
                    },
                  },
                },
              },
            },
            '404': errorResponse('No such job'),
          },
        },
      },
      '/jobs/{id}/report': {
        get: {
          summary: 'Redirect to a presigned download of the PDF',
          parameters: [jobIdParameter],
          responses: { '302': { description: 'Location: the PDF' }, '404': errorResponse('Not done yet') },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OK' } } },
      },
    },
  };
}
