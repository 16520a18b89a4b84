/**
 * The AuditContext for one segment: the plan catalog, the advisories, and every member of each cluster a
 * replica in the segment belongs to. Members in the same segment come free with the scan; a cluster whose
 * primary is in another segment costs one small index query.
 */
import type { StoredAdvisory } from '../../adapters/dynamo/advisory-store.ts';
import type { MemberRow } from '../../adapters/dynamo/fleet-scan.ts';
import type { AuditContext } from '../../domain/audits/check.ts';
import { indexClusters } from '../../domain/audits/clusters.ts';
import type { Instance } from '../../domain/instance.ts';
import type { AuditDeps } from './deps.ts';

export async function segmentContext(
  deps: Pick<AuditDeps, 'scanner' | 'config'>,
  instances: readonly Instance[],
  advisories: readonly StoredAdvisory[],
): Promise<AuditContext> {
  const primaries = new Set(instances.filter((i) => i.role.kind === 'primary').map((i) => i.role.cluster));
  const missing = [
    ...new Set(
      instances
        .filter((i) => i.role.kind === 'replica' && i.role.cluster !== undefined && !primaries.has(i.role.cluster))
        .map((i) => i.role.cluster ?? ''),
    ),
  ];
  const fetched = missing.length === 0 ? [] : await deps.scanner.clusterMembers(missing);
  const members = new Map<string, MemberRow>([...instances, ...fetched].map((row) => [row.id, row]));
  return {
    plans: deps.config.plans,
    advisories: advisories.map((a) => a.advisory),
    clusters: indexClusters(members.values()),
  };
}

/**
 * Advisories whose `vulnerable-image` findings are left to their roll: every advisory with a fixed image
 * whose roll is not done. Once a roll is done, an instance still found affected (say, created from an old
 * image afterwards) gets the condition from the audit like any other finding.
 */
export function rollingAdvisories(advisories: readonly StoredAdvisory[]): Set<string> {
  return new Set(
    advisories.filter((a) => a.advisory.fixedImage !== undefined && a.roll?.status !== 'done').map((a) => a.advisory.id),
  );
}
