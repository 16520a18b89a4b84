import { describe, expect, it } from 'vitest';
import type { HistoryEntry, LifecycleState } from '../../../shared/domain/instance.ts';
import { dollars, handWork, latency, percentile } from '../../../twin/figures.ts';
import {
  budgetsRespected, everyTaskEnded, legalHistories, noActionOnHealthy, noInstanceLost, oneActionPerCause, onePagePerOutage,
  type TaskRecord,
} from '../../../twin/invariants.ts';

const actor = { kind: 'system' as const, id: 'sweeper' };
function history(id: string, ...states: LifecycleState[]): HistoryEntry[] {
  return states.map((to, i) => ({
    instanceId: id, version: i + 1, from: i === 0 ? null : states[i - 1]!, to, at: `2026-12-06T00:0${i}:00Z`, actor, reason: 'r', cause: { kind: 'k', id: `${i}` },
  }));
}
const task = (id: string, status: TaskRecord['status'], causeId = id): TaskRecord => ({
  id, instanceId: 'i-1', condition: 'down', cause: { kind: 'silence', id: causeId }, status,
});

describe('the twin: invariants', () => {
  it('accepts a history through the legal table and names each way one can break it', () => {
    expect(legalHistories([history('i-1', 'installing', 'available', 'uncertain', 'unavailable', 'restart', 'available')])).toEqual([]);
    const skipped = history('i-2', 'installing', 'available', 'uncertain');
    skipped[2] = { ...skipped[2]!, version: 4 };
    const wrongFrom = history('i-3', 'installing', 'available', 'uncertain');
    wrongFrom[2] = { ...wrongFrom[2]!, from: 'restart' };
    const headless = history('i-5', 'installing', 'available').slice(1).map((e) => ({ ...e, version: 1 }));
    const breaches = legalHistories([history('i-4', 'installing', 'available', 'retired'), skipped, wrongFrom, headless]);
    expect(breaches.map((b) => b.detail)).toEqual([
      'i-4 v3: available -> retired is not in the table',
      'i-2 v4: follows v2 (a gap)',
      'i-3 v3: from restart but v2 left it available',
      'i-5 v1: history does not start with registration',
    ]);
  });

  it('accepts a break-glass transition the table forbids, but not out of terminated', () => {
    const forced = history('i-1', 'installing', 'available', 'retired');
    forced[2] = { ...forced[2]!, breakGlass: { ticket: 'CHG-1' } };
    expect(legalHistories([forced])).toEqual([]);
    const resurrected = history('i-2', 'installing', 'terminated', 'available');
    resurrected[2] = { ...resurrected[2]!, breakGlass: { ticket: 'CHG-2' } };
    expect(legalHistories([resurrected])).toHaveLength(1);
  });

  it('finds an action acted on twice and a cause planned twice', () => {
    const action = { kind: 'restart', instanceId: 'i-1', idempotencyKey: 'rt-1:restart:1', at: 't1' };
    expect(oneActionPerCause([action, { ...action, idempotencyKey: 'rt-1:restart:2' }], [task('rt-1', 'succeeded')])).toEqual([]);
    const twice = oneActionPerCause([action, { ...action, at: 't2' }], [task('rt-1', 'succeeded', 'c'), task('rt-2', 'succeeded', 'c')]);
    expect(twice.map((b) => b.detail)).toEqual(['restart rt-1:restart:1 acted at t1 and again at t2', 'i-1 down silence:c planned twice: rt-1 and rt-2']);
  });

  it('finds a budget exceeded at any sampled instant', () => {
    expect(budgetsRespected([{ at: 't', scope: 'zone:a', inFlight: 3, limit: 3 }])).toEqual([]);
    expect(budgetsRespected([{ at: 't', scope: 'zone:a', inFlight: 4, limit: 3 }])[0]?.detail).toBe('zone:a at t: 4 in flight, budget 3');
  });

  it('requires every task to end done, escalated with a page, or dead-lettered with a reason', () => {
    const tasks = [task('a', 'succeeded'), task('b', 'escalated'), task('c', 'acting'), task('d', 'pending'), task('e', 'escalated'), task('f', 'pending')];
    const breaches = everyTaskEnded(tasks, new Set(['b']), new Map([['d', 'retries exhausted: fleet timeout'], ['f', ' ']]));
    expect(breaches.map((b) => b.detail)).toEqual([
      'c (down on i-1) is still acting',
      'e escalated without a page',
      'f is in a dead-letter queue without a reason',
    ]);
  });

  it('finds instances lost, duplicated or invented', () => {
    expect(noInstanceLost(['a', 'b'], ['b', 'a'])).toEqual([]);
    expect(noInstanceLost(['a', 'b', 'c'], ['a', 'a', 'b', 'x']).map((b) => b.detail)).toEqual([
      'a is in the ledger 2 times', 'c is in the fleet but not in the ledger', 'x is in the ledger but not in the fleet',
    ]);
  });

  it('allows one page per outage, counting its tail', () => {
    const outage = { id: 'zone-outage', fromMs: 1000, toMs: 5000 };
    expect(onePagePerOutage([outage], [{ atMs: 2000, subject: 'incident-1' }, { atMs: 9000, subject: 'late' }], 1000)).toEqual([]);
    expect(onePagePerOutage([outage], [{ atMs: 2000, subject: 'incident-1' }, { atMs: 5500, subject: 'incident-2' }], 1000)).toHaveLength(1);
  });

  it('finds an action on an instance that was healthy all along', () => {
    const actions = [{ kind: 'restart', instanceId: 'sick', idempotencyKey: 'k1', at: 't' }, { kind: 'replace', instanceId: 'fine', idempotencyKey: 'k2', at: 't' }];
    expect(noActionOnHealthy(actions, (id) => id === 'fine').map((b) => b.detail)).toEqual(['replace on healthy fine at t']);
  });
});

describe('the twin: figures', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 0.5), percentile(values, 0.99), percentile(values, 1)]).toEqual([50, 99, 100]);
    expect(latency([])).toEqual({ count: 0, p50: undefined, p99: undefined, max: undefined });
    expect(latency([30, 10, 20])).toEqual({ count: 3, p50: 20, p99: 30, max: 30 });
  });

  it('prices requests at the list prices the bill uses', () => {
    const bill = dollars({ lambdaInvocations: 1e6, lambdaGbSeconds: 0, dynamoWriteUnits: 2e6, dynamoReadUnits: 4e6, sqsRequests: 1e6, eventBridgeEvents: 3e6 });
    expect(bill).toEqual({ lambda: 0.2, dynamodb: 1.75, sqs: 0.4, eventbridge: 3, total: 5.35 });
  });

  it('prices hand work in engineer-years against hours and pages', () => {
    // 1,920 replaces at 60 minutes and 23,040 checks at 5 minutes: one engineer-year each.
    const work = handWork({ replace: 1920 }, 23_040, 1, 6 * 3_600_000);
    expect(work.byHandEngineerYears).toBe(2);
    expect(work.line).toBe('by hand: 2.00 engineer-years; automated: 6.0 hours, 1 page');
  });
});
