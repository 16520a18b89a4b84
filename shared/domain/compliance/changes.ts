import { deltaPct } from './percent.ts';
import type { CheckChange, RunChanges, RunSummary } from './types.ts';

/**
 * What moved since the previous run, per check and overall. A check that did not run last time has no
 * delta (null); one that ran last time but not now is left out, as there is nothing to compare it with.
 */
export function compareWithPrevious(current: Omit<RunSummary, 'changes'>, previous: RunSummary): RunChanges {
  const before = new Map(previous.checks.map((check) => [check.check, check]));
  const checks = current.checks.map((check): CheckChange => {
    const prior = before.get(check.check);
    return {
      check: check.check,
      title: check.title,
      previousPct: prior?.compliancePct ?? null,
      currentPct: check.compliancePct,
      deltaPct: prior === undefined ? null : deltaPct(check.compliancePct, prior.compliancePct),
    };
  });
  const newlyFailing = current.checks
    .filter((check) => check.failing > 0 && before.get(check.check)?.failing === 0)
    .map((check) => check.check);
  const newlyPassing = current.checks
    .filter((check) => check.failing === 0 && (before.get(check.check)?.failing ?? 0) > 0)
    .map((check) => check.check);
  return {
    previousPassRatePct: previous.passRatePct,
    passRateDeltaPct: deltaPct(current.passRatePct, previous.passRatePct),
    newlyFailing,
    newlyPassing,
    checks,
  };
}
