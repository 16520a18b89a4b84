import { describe, expect, it } from 'vitest';
import { routeEscalation, type InstanceEscalation } from '../../../shared/domain/remediation/escalation.ts';
import { openIncidents } from '../../../shared/domain/safety/incident.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const placement = { zone: 'us-east-1a', region: 'us-east-1', service: 'postgres' as const };
const task = (taskId: string, condition: string) => ({ taskId, instanceId: 'pg-1', condition, placement });
const raised = (raisedAt: string) => ({ raisedAt, source: 'sweeper' });
const open: InstanceEscalation = { instanceId: 'pg-1', taskId: 'rt-down', openedAt: '2026-11-22T09:00:00.000Z', covers: { down: '2026-11-22T08:50:00.000Z' }, folded: [] };

describe('where an escalation of an instance goes', () => {
  it('pages when the instance has no escalation, opening one that covers the task condition', () => {
    expect(routeEscalation(task('rt-down', 'down'), [], undefined, { down: raised('2026-11-22T08:50:00.000Z') }, now)).toEqual({
      kind: 'page',
      escalation: { instanceId: 'pg-1', taskId: 'rt-down', openedAt: now.toISOString(), covers: { down: '2026-11-22T08:50:00.000Z' }, folded: [] },
    });
  });

  it('folds another condition into the open escalation while what it covers is still raised', () => {
    const conditions = { down: raised('2026-11-22T08:50:00.000Z'), 'disk-full': raised('2026-11-22T09:30:00.000Z') };
    expect(routeEscalation(task('rt-disk', 'disk-full'), [], open, conditions, now)).toEqual({
      kind: 'fold-instance',
      escalation: { ...open, covers: { down: '2026-11-22T08:50:00.000Z', 'disk-full': '2026-11-22T09:30:00.000Z' }, folded: ['rt-disk'] },
    });
  });

  it('pages again for the task that opened it (a redelivery), under the same escalation', () => {
    expect(routeEscalation(task('rt-down', 'down'), [], open, { down: raised('2026-11-22T08:50:00.000Z') }, now)).toEqual({ kind: 'page', escalation: open });
  });

  it('opens a new escalation once what the last one covered cleared or was raised afresh', () => {
    expect(routeEscalation(task('rt-disk', 'disk-full'), [], open, { 'disk-full': raised('2026-11-22T09:30:00.000Z') }, now).kind).toBe('page');
    const again = { down: raised('2026-11-22T09:40:00.000Z') };
    expect(routeEscalation(task('rt-down-2', 'down'), [], open, again, now)).toMatchObject({ kind: 'page', escalation: { taskId: 'rt-down-2', covers: { down: '2026-11-22T09:40:00.000Z' } } });
  });

  it('pages again after a day, however long its conditions stand', () => {
    const dayLater = new Date(Date.parse(open.openedAt) + 24 * 3600 * 1000);
    expect(routeEscalation(task('rt-disk', 'disk-full'), [], open, { down: raised('2026-11-22T08:50:00.000Z') }, dayLater).kind).toBe('page');
  });

  it('folds into an open incident covering the instance before anything else', () => {
    const incidents = openIncidents([{ scope: { kind: 'zone', zone: 'us-east-1a' }, windowStart: '2026-11-22T09:55:00.000Z', failed: 6, population: 10, share: 0.6, instanceIds: [] }], [], now);
    expect(routeEscalation(task('rt-disk', 'disk-full'), incidents, undefined, {}, now)).toMatchObject({ kind: 'fold-incident', incident: { id: incidents[0]?.id } });
  });
});
