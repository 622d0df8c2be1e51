/** Lambda: API Gateway (REST, proxy integration) → the REST API and the web form. */
import { lambdaApiDeps } from '../lib/adapters/aws.ts';
import { apiGatewayHandler } from '../lib/pipeline/handlers.ts';

export const handler = apiGatewayHandler(lambdaApiDeps(process.env));
