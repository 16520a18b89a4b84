/** Cross-cutting handler wiring: logger context per invocation (cold start, request id), via middy. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from './logger.ts';
import { flushMetrics } from './metrics.ts';

/** The invocation's metrics, written once at its end, failed or not. */
const emitMetrics = { after: async () => flushMetrics(), onError: async () => flushMetrics() };

export function lambda<TEvent, TResult>(fn: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy(fn).use(injectLambdaContext(logger, { clearState: true })).use(emitMetrics);
}
