/**
 * The AuditContext for one segment: the plan catalog, the advisories, and every member of each cluster the
 * segment's instances belong to (a primary's replicas are counted; a replica's zone is compared with its
 * primary's). A cluster all of whose members are in the segment would come free with the scan, but nothing
 * says so, so each cluster costs one small index query; a replica's cluster whose primary is in the segment
 * comes with that primary's query.
 */
import type { AuditContext } from '../../domain/audits/check.ts';
import { indexClusters } from '../../domain/audits/clusters.ts';
import type { Instance } from '../../domain/instance.ts';
import type { AuditDeps } from './deps.ts';
import type { MemberRow, StoredAdvisory } from './ports.ts';

export async function segmentContext(
  deps: Pick<AuditDeps, 'scanner' | 'config'>,
  instances: readonly Instance[],
  advisories: readonly StoredAdvisory[],
): Promise<AuditContext> {
  const missing = [...new Set(instances.flatMap((i) => (i.role.kind !== 'standalone' && i.role.cluster !== undefined ? [i.role.cluster] : [])))];
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
