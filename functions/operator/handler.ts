import type { Context } from 'aws-lambda';
import { dispatch } from '../../shared/operator/dispatch.ts';
import { COMMANDS } from '../../shared/operator/registry.ts';
import { httpAnswer, readCall } from '../../shared/operator/request.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { operatorDeps, operatorRoles } from '../../shared/runtime/operator-deps.ts';

export const handler = lambda(async (event: unknown, context: Context) => {
  const call = readCall(event, operatorRoles());
  const response = await dispatch(COMMANDS, call, operatorDeps(), context.awsRequestId);
  logger.info('operator command', { principal: call.caller.principal.arn, role: call.caller.role, via: call.caller.via, ok: response.ok });
  return call.http ? httpAnswer(response) : response;
});
