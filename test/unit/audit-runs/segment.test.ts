import { describe, expect, it } from 'vitest';
import { evaluateSegment } from '../../../shared/domain/audit-runs/segment.ts';
import { loadChecks } from '../../../shared/domain/audits/registry.ts';
import { aContext, anInstance, aReplica, NOW } from '../audits/fixtures.ts';

describe('evaluateSegment', () => {
  it('audits only instances in audited states, and counts an instance seen twice once', () => {
    const healthy = anInstance();
    const noTls = aReplica({ id: 'pg-2', tls: { enforced: false } });
    const installing = anInstance({ id: 'pg-3', state: 'installing', tls: { enforced: false } });
    const audit = evaluateSegment([healthy, noTls, noTls, installing], loadChecks(), aContext(), NOW);
    expect(audit.scanned).toBe(3);
    expect(audit.audited).toEqual({ postgres: 2 });
    expect([...audit.findings.keys()]).toEqual(['pg-2']);
    expect(audit.summary).toMatchObject({ instancesAudited: 2, instancesPassing: 1, findings: 1 });
  });

  it('judges every instance as of the given instant', () => {
    const backedUp = anInstance({ backup: { lastSuccessAt: '2026-03-04T00:00:00.000Z', lastRestoreTestAt: '2026-03-01T00:00:00.000Z' } });
    const soon = evaluateSegment([backedUp], loadChecks(), aContext(), NOW);
    const later = evaluateSegment([backedUp], loadChecks(), aContext(), new Date('2026-03-05T12:00:00.000Z'));
    expect(soon.summary.findings).toBe(0);
    expect(later.findings.get('pg-1')?.map((f) => f.check)).toContain('backups.recent');
  });
});
