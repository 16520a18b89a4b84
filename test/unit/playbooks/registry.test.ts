import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { PLAYBOOKS, definePlaybook, loadPlaybooks } from '../../../shared/domain/playbooks/index.ts';
import type { Step } from '../../../shared/domain/playbooks/index.ts';
import { page, restart } from '../../../shared/domain/playbooks/steps.ts';
import { AUDIT_CONDITIONS } from '../../../shared/domain/audits/index.ts';
import { DEFAULT_CONDITION_RULES } from '../../../shared/domain/alarms/mapping-config.ts';

function broken(name: string, steps: () => Step[], condition = name) {
  return definePlaybook({ name, condition, description: 'test playbook', options: z.object({}), steps });
}

function loadError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but loading succeeded');
}

describe('the playbook registry', () => {
  it('answers every condition Fleetwarden raises with exactly one playbook', () => {
    const set = loadPlaybooks();
    expect([...set.byCondition.keys()].sort()).toEqual([
      'backup-stale', 'connections-saturated', 'cpu-saturated', 'credentials-stale', 'disk-full', 'down',
      'memory-saturated', 'public-exposure', 'replica-missing', 'replica-same-zone', 'replication-lag',
      'tls-not-enforced', 'vulnerable-image',
    ]);
  });

  it('registers every playbook file, so a new file cannot be forgotten', async () => {
    const dir = new URL('../../../shared/domain/playbooks/playbooks/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    const declared = (await Promise.all(files.map(async (f) => Object.values((await import(new URL(f, dir).href)) as Record<string, unknown>)))).flat();
    expect(declared).toHaveLength(files.length);
    for (const definition of declared) expect(PLAYBOOKS).toContain(definition);
  });

  it('has a playbook for every condition the audits, the default alarm mapping and the sweeper raise', () => {
    const raised = new Set<string>([...Object.values(AUDIT_CONDITIONS), ...DEFAULT_CONDITION_RULES.map((rule) => rule.condition), 'down']);
    const answered = loadPlaybooks().byCondition;
    expect([...raised].filter((condition) => !answered.has(condition))).toEqual([]);
  });

  it('ends every shipped playbook with a page', () => {
    for (const playbook of loadPlaybooks().list) expect(playbook.steps.at(-1)?.kind, playbook.name).toBe('page');
  });

  it('fills in the documented option defaults and accepts overrides', () => {
    const defaults = loadPlaybooks().byName.get('down');
    const tuned = loadPlaybooks(PLAYBOOKS, { down: { restartAttempts: 3 } }).byName.get('down');
    expect(defaults?.options).toEqual({ restartAttempts: 2, restartVerifySeconds: 180, replicaLagLimitSeconds: 30, replaceVerifySeconds: 900 });
    expect(tuned?.steps[0]).toMatchObject({ kind: 'restart', maxAttempts: 3 });
  });

  it('rejects a step with no attempts, naming the playbook and the step', () => {
    const error = loadError(() => loadPlaybooks([broken('never-tries', () => [restart({ maxAttempts: 0 }), page('warning')])]));
    expect(error.message).toBe('invalid playbook "never-tries": step 1 (restart): maxAttempts must be an integer of at least 1, got 0');
  });

  it('rejects a playbook that never escalates', () => {
    const error = loadError(() => loadPlaybooks([broken('silent', () => [restart()])]));
    expect(error.message).toBe('invalid playbook "silent": no escalation: the last step must be page');
  });

  it('rejects a step kind it does not know', () => {
    const reboot = { ...restart(), kind: 'reboot' } as unknown as Step;
    const error = loadError(() => loadPlaybooks([broken('rebooter', () => [reboot, page('warning')])]));
    expect(error.issues).toEqual([expect.stringMatching(/^step 1 \(reboot\): unknown step kind; known: restart, failover/)]);
  });

  it('rejects a page in the middle and a step repeated (its idempotency keys would collide)', () => {
    const error = loadError(() => loadPlaybooks([broken('muddled', () => [page('warning'), restart(), restart(), page('warning')])]));
    expect(error.issues).toEqual([
      'step 1 (page): page must be the last step',
      'step 3 (restart): restart appears twice',
      'step 4 (page): page appears twice',
    ]);
  });

  it('rejects two playbooks for one condition, and one name registered twice', () => {
    const first = broken('restart-it', () => [restart(), page('warning')], 'down');
    const second = broken('replace-it', () => [restart(), page('warning')], 'down');
    expect(loadError(() => loadPlaybooks([first, second])).issues).toEqual([
      'playbook "replace-it" answers condition "down", which playbook "restart-it" already answers',
    ]);
    expect(loadError(() => loadPlaybooks([first, first])).issues).toContain('playbook "restart-it" is registered twice');
  });

  it('rejects options that do not parse, naming the playbook and the option', () => {
    const error = loadError(() => loadPlaybooks(PLAYBOOKS, { 'disk-full': { growByPct: 5 } }));
    expect(error.what).toBe('playbook "disk-full"');
    expect(error.issues).toEqual([expect.stringMatching(/^option growByPct: Too small/)]);
  });

  it('rejects options for a playbook that is not registered', () => {
    expect(loadError(() => loadPlaybooks(PLAYBOOKS, { dwon: {} })).issues).toEqual([
      'options are given for playbook "dwon", which is not registered',
    ]);
  });
});
