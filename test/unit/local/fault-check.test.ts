import { describe, expect, it } from 'vitest';
import { checkAgainstFaults } from '../../../local/fault-check.ts';

describe('the end of a local run, read against the faults injected', () => {
  it('names the instances silence marked without a fault injected into them', async () => {
    const byState: Record<string, { id: string }[]> = { uncertain: [{ id: 'pg-1' }, { id: 'rd-7' }], unavailable: [{ id: 'kf-3' }] };
    const invoke = async (_key: string, event: unknown) => ({ ok: true, result: byState[(event as { input: { state: string } }).input.state] ?? [] });
    const check = await checkAgainstFaults(invoke, new Map([['pg-1', 'blips'], ['kf-3', 'crashed']]));
    expect(check).toEqual({ uncertainOrUnavailable: 3, explainedByFaults: 2, unexplained: ['rd-7'] });
  });
});
