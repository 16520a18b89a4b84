import { describe, expect, it } from 'vitest';
import { describeOutcome, summarize, type ReplayOutcome } from '../../../cli/replay/outcome.ts';

const alarm = (over: Record<string, unknown> = {}) => ({
  alarmName: 'a', state: 'ALARM', instanceIds: ['pg-1'], unknownIds: [], condition: 'disk-full', action: 'raise', unmatched: false, ...over,
});
const report = (over: Record<string, unknown> = {}) => ({ recovered: [], wentMissing: [], unknown: [], ...over });

describe('reading what a replayed event did', () => {
  it('joins the state changes of one alarm event', () => {
    const summary = summarize([alarm(), alarm({ instanceIds: ['pg-2'], condition: 'down' }), alarm()], 3);
    expect(summary).toEqual({ instanceIds: ['pg-1', 'pg-2'], unknownIds: [], condition: 'disk-full,down', action: 'raise', unmatched: false });
  });

  it('reports an alarm for no known instance as unmatched, with the ids it named', () => {
    expect(summarize([alarm({ instanceIds: [], unknownIds: ['i-1'], unmatched: true })], 1)).toMatchObject({ unmatched: true, unknownIds: ['i-1'] });
  });

  it('takes recovered and missing instances from heartbeat reports, and flags records that did not go through', () => {
    const batch = { batchItemFailures: [], reports: [report({ recovered: ['pg-1'], unknown: ['x'] }), report({ wentMissing: ['pg-2'] })] };
    expect(summarize(batch, 2)).toEqual({ instanceIds: ['pg-1', 'pg-2'], unknownIds: ['x'], condition: null, action: null, unmatched: false });
    expect(summarize({ batchItemFailures: [], reports: [report()] }, 2).error).toBe('1 of 2 record(s) were rejected and sent to the dead-letter queue');
    expect(summarize({ batchItemFailures: [{ itemIdentifier: 'm-1' }], reports: [] }, 1).error).toMatch(/would be retried/);
    expect(summarize(report({ recovered: ['pg-3'] }), 1).instanceIds).toEqual(['pg-3']);
  });

  it('takes the instance of a provisioning answer', () => {
    expect(summarize({ outcome: 'applied', instanceId: 'pg-9', state: 'available' }, 1).instanceIds).toEqual(['pg-9']);
  });

  it('prints one line per event', () => {
    const base: ReplayOutcome = { file: 'e.json', function: 'alarmIntake', accepted: true, instanceIds: [], unknownIds: ['i-1'], condition: 'down', action: 'raise', unmatched: true, error: null };
    expect(describeOutcome(base)).toBe('accepted  e.json  alarmIntake  down (raise) unmatched: no registered instance (named i-1)');
    expect(describeOutcome({ ...base, accepted: false, function: null, error: 'UnsupportedEventError: x' })).toBe('rejected  e.json  -  UnsupportedEventError: x');
  });
});
