/**
 * Failures that are deliberately not rethrown, because what follows is already safe (a record left to its queue's
 * own visibility timeout, an advisory mark that lags): each is logged with where it happened and counted per
 * container, so that none is silent and the fault suite can see them.
 */
import { describeError } from '../domain/errors.ts';
import { logger } from './logger.ts';

const counts = new Map<string, number>();

export function noteSwallowed(where: string, error: unknown, data: Record<string, unknown> = {}): void {
  const count = (counts.get(where) ?? 0) + 1;
  counts.set(where, count);
  logger.warn('failure handled without rethrowing', { where, error: describeError(error), count, ...data });
}

/** How often each kind of failure was handled without rethrowing, in this container. */
export function swallowedCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}
