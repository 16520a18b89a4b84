import type { Context } from 'aws-lambda';
import { dispatch } from '../../shared/operator/dispatch.ts';
import { COMMANDS } from '../../shared/operator/registry.ts';
import { runtimeDeps } from '../../shared/runtime/deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';

export const handler = lambda(async (event: unknown, context: Context) => {
  const response = await dispatch(COMMANDS, event, runtimeDeps(), context.awsRequestId);
  logger.info('operator command', { command: (event as { command?: unknown })?.command, ok: response.ok });
  return response;
});
