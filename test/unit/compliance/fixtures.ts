import type { Finding } from '../../../shared/domain/audits/finding.ts';
import type { CheckInfo } from '../../../shared/domain/compliance/types.ts';

export const CHECKS: CheckInfo[] = [
  { name: 'backups.recent', title: 'Backups are recent', family: 'backups' },
  { name: 'security.tls', title: 'Connections are encrypted', family: 'security' },
  { name: 'performance.headroom', title: 'Has room to handle its load', family: 'performance' },
];

export function aFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    check: 'backups.recent',
    instanceId: 'pg-1',
    service: 'postgres',
    zone: 'eu-west-1a',
    severity: 'high',
    condition: 'backup-stale',
    message: 'The last successful backup is older than 24 h.',
    urgent: false,
    ...overrides,
  };
}

/** `count` findings from one check on distinct instances `${prefix}-0` ... */
export function findingsOn(count: number, prefix: string, overrides: Partial<Finding> = {}): Finding[] {
  return Array.from({ length: count }, (_, i) => aFinding({ instanceId: `${prefix}-${i}`, ...overrides }));
}
