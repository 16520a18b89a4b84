import { describe, expect, it } from 'vitest';
import { AgendaTimingsSchema, entriesToWake, type AgendaEntry } from '../../../shared/domain/remediation/agenda.ts';

const now = new Date('2025-03-01T10:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
const timings = AgendaTimingsSchema.parse({});
const none = { freezes: new Set<string>(), incidents: new Set<string>() };
const always = () => true;
const entry = (taskId: string, overrides: Partial<AgendaEntry> = {}): AgendaEntry => ({ taskId, instanceId: `i-${taskId}`, reason: 'queued', dueAt: ago(1), ...overrides });
const ids = (entries: AgendaEntry[]) => entries.map((e) => e.taskId);

describe('which tasks the planner tick sends again', () => {
  it('sends what is due and leaves what is not', () => {
    const wake = entriesToWake([entry('due'), entry('later', { dueAt: ago(-60) })], none, always, timings, now);
    expect(ids(wake)).toEqual(['due']);
  });

  it('does not send again a task it sent less than two minutes ago', () => {
    const entries = [entry('just-sent', { sentAt: ago(119) }), entry('sent-long-ago', { sentAt: ago(120) })];
    expect(ids(entriesToWake(entries, none, always, timings, now))).toEqual(['sent-long-ago']);
  });

  it('wakes a held task as soon as its freeze or incident has ended, before its backstop', () => {
    const later = ago(-900);
    const entries = [
      entry('freeze-lifted', { reason: 'held', dueAt: later, hold: { kind: 'freeze', id: 'f-1' } }),
      entry('freeze-on', { reason: 'held', dueAt: later, hold: { kind: 'freeze', id: 'f-2' } }),
      entry('incident-released', { reason: 'held', dueAt: later, hold: { kind: 'incident', id: 'inc-1' } }),
      entry('breaker', { reason: 'held', dueAt: later, hold: { kind: 'breaker', playbook: 'down' } }),
    ];
    const holds = { freezes: new Set(['f-2']), incidents: new Set<string>() };
    expect(ids(entriesToWake(entries, holds, always, timings, now))).toEqual(['freeze-lifted', 'incident-released']);
  });

  it('wakes only as many budget waiters as there are free slots, oldest first', () => {
    const budget = { service: 'redis', zone: 'eu-west-1a' };
    const entries = [entry('newer', { reason: 'waiting', dueAt: ago(5), budget }), entry('oldest', { reason: 'waiting', dueAt: ago(50), budget }), entry('lost-message')];
    let slots = 1;
    const room = () => (slots > 0 ? ((slots -= 1), true) : false);
    expect(ids(entriesToWake(entries, none, room, timings, now))).toEqual(['oldest', 'lost-message']);
  });
});
