/**
 * The remediation conditions audit checks raise. Playbooks answer conditions by name; `replication-lag`
 * and `disk-full` are the same names alarm intake raises, so one playbook serves both sources.
 */
export const AUDIT_CONDITIONS = {
  backupStale: 'backup-stale',
  replicationLag: 'replication-lag',
  replicaMissing: 'replica-missing',
  replicaSameZone: 'replica-same-zone',
  vulnerableImage: 'vulnerable-image',
  tlsNotEnforced: 'tls-not-enforced',
  credentialsStale: 'credentials-stale',
  publicExposure: 'public-exposure',
  diskFull: 'disk-full',
  cpuSaturated: 'cpu-saturated',
  memorySaturated: 'memory-saturated',
  connectionsSaturated: 'connections-saturated',
} as const;

export type AuditCondition = (typeof AUDIT_CONDITIONS)[keyof typeof AUDIT_CONDITIONS];
