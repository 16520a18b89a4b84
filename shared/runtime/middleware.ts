/** Cross-cutting handler wiring: logger context per invocation (cold start, request id), via middy. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';

export function lambda<TEvent, TResult>(fn: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy(fn).use(injectLambdaContext(logger, { clearState: true }));
}
