/**
 * Event handlers over the stages and the API: what a Lambda exports and what the local
 * platform invokes, so both run the same code. A handler validates its event, decodes the S3
 * keys (in `s3-event.ts`, the one place), and calls one stage per record.
 */

import { type GatewayResult, gatewayResultOf, requestOfGatewayEvent } from './api/gateway.ts';
import { type ApiDeps, handleApiRequest } from './api/handle.ts';
import { type ObjectLocation, objectsOfS3Event } from './s3-event.ts';
import type { StageOutcome } from './stages/failure.ts';

export type Stage<Deps> = (deps: Deps, object: ObjectLocation) => Promise<StageOutcome>;

/** `deps` may be a promise: a Lambda builds them once at cold start. */
export function s3StageHandler<Deps>(stage: Stage<Deps>, deps: Deps | Promise<Deps>) {
  return async (event: unknown): Promise<{ outcomes: StageOutcome[] }> => {
    const objects = objectsOfS3Event(event);
    const resolved = await deps;
    const outcomes: StageOutcome[] = [];
    for (const object of objects) outcomes.push(await stage(resolved, object));
    return { outcomes };
  };
}

export function apiGatewayHandler(deps: ApiDeps | Promise<ApiDeps>) {
  return async (event: unknown): Promise<GatewayResult> =>
    gatewayResultOf(await handleApiRequest(await deps, requestOfGatewayEvent(event)));
}
