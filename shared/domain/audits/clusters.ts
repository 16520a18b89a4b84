import type { Instance } from '../instance.ts';
import type { ClusterMember } from './check.ts';

/**
 * Builds `AuditContext.clusters` from instance records (or any rows with the same fields). Instances
 * without a cluster are left out. A segment's caller must pass every member of each cluster it audits,
 * including members stored in other segments, or zone-spread findings will say the members were missing.
 */
export function indexClusters(
  instances: Iterable<Pick<Instance, 'id' | 'role' | 'zone' | 'state'>>,
): Map<string, ClusterMember[]> {
  const clusters = new Map<string, ClusterMember[]>();
  for (const { id, role, zone, state } of instances) {
    if (role.cluster === undefined) continue;
    const member: ClusterMember = { id, role: role.kind, zone, state };
    const members = clusters.get(role.cluster);
    if (members === undefined) clusters.set(role.cluster, [member]);
    else members.push(member);
  }
  return clusters;
}
