import * as z from 'zod';
import type { Instance } from '../../instance.ts';
import { defineCheck, type AuditContext } from '../check.ts';
import { AUDIT_CONDITIONS } from '../conditions.ts';
import { LEAVING_SERVICE } from '../../lifecycle.ts';
import { isAudited, makeFinding, type Finding } from '../finding.ts';
import { planFor } from '../plans.ts';

const LAG = 'replication.lag';
const REPLICAS = 'replication.replicas';
const ZONES = 'replication.zone-spread';

/** Replicas must keep up: lag over the limit (strictly) is medium, over the severe limit high. */
export const replicationLag = defineCheck({
  name: LAG,
  family: 'replication',
  title: 'Standby copies keep up with the main copy',
  description: 'A replica lags its primary by at most maxLagSeconds; beyond severeLagSeconds it is high.',
  options: z
    .strictObject({
      maxLagSeconds: z.number().positive().default(30),
      severeLagSeconds: z.number().positive().default(300),
    })
    .refine((o) => o.severeLagSeconds >= o.maxLagSeconds, {
      message: 'severeLagSeconds must be at least maxLagSeconds',
      path: ['severeLagSeconds'],
    }),
  evaluate(instance, _ctx, _now, { maxLagSeconds, severeLagSeconds }) {
    if (instance.role.kind !== 'replica') return [];
    const lag = instance.replication?.lagSeconds;
    if (lag === undefined) {
      return [makeFinding(LAG, instance, { severity: 'low', message: 'The replica does not report its lag.' })];
    }
    if (lag <= maxLagSeconds) return [];
    return [
      makeFinding(LAG, instance, {
        severity: lag > severeLagSeconds ? 'high' : 'medium',
        condition: AUDIT_CONDITIONS.replicationLag,
        evidence: String(lag),
        message: `The replica is ${lag} s behind its primary (limit ${maxLagSeconds} s).`,
      }),
    ];
  },
});

/**
 * The primary's replicas in service, counted from its cluster's members when the ledger holds replicas of it (so
 * replacements and failovers count as they happen); otherwise the count registered with the instance (a cluster
 * the context does not hold, or replicas that are not instances of their own, as Kafka's further brokers).
 */
function replicasInService(instance: Instance, ctx: AuditContext): number | undefined {
  const members = instance.role.cluster === undefined ? undefined : ctx.clusters.get(instance.role.cluster);
  const replicas = (members ?? []).filter((m) => m.id !== instance.id && m.role === 'replica');
  if (replicas.length === 0) return instance.replication?.replicaCount;
  return replicas.filter((m) => m.state !== 'installing' && !LEAVING_SERVICE.has(m.state)).length;
}

/** A primary (or a standalone on a plan that promises replicas) has as many replicas as its plan says. */
export const replicationReplicas = defineCheck({
  name: REPLICAS,
  family: 'replication',
  title: 'Has the standby copies its plan promises',
  description: "A primary's replicas in service (its cluster's members as the ledger has them now) number at least its plan's replicasRequired.",
  options: z.strictObject({}),
  evaluate(instance, ctx) {
    if (instance.role.kind === 'replica') return [];
    const lookup = planFor(instance, ctx.plans);
    if ('problem' in lookup) {
      const message = `Cannot check replicas: ${lookup.problem}.`;
      return [makeFinding(REPLICAS, instance, { severity: 'medium', message })];
    }
    const required = lookup.plan.replicasRequired;
    const count = instance.role.kind === 'standalone' ? 0 : replicasInService(instance, ctx);
    if (required === 0) return [];
    if (count === undefined) {
      const message = 'The primary does not report its replica count.';
      return [makeFinding(REPLICAS, instance, { severity: 'low', message })];
    }
    if (count >= required) return [];
    return [
      makeFinding(REPLICAS, instance, {
        severity: 'high',
        condition: AUDIT_CONDITIONS.replicaMissing,
        evidence: `${count}/${required}`,
        message: `Has ${count} replica(s); plan ${instance.plan} requires ${required}.`,
      }),
    ];
  },
});

/** A replica in its primary's zone dies with it; the zone outage the replica exists for takes both. */
export const replicationZoneSpread = defineCheck({
  name: ZONES,
  family: 'replication',
  title: 'Standby copies are in a different data centre',
  description: "A replica is not in the same availability zone as its cluster's primary.",
  options: z.strictObject({}),
  evaluate(instance, ctx) {
    if (instance.role.kind !== 'replica') return [];
    return zoneSpreadFindings(instance, ctx);
  },
});

function zoneSpreadFindings(replica: Instance, ctx: AuditContext): Finding[] {
  const note = (message: string) => [makeFinding(ZONES, replica, { severity: 'low', message })];
  const cluster = replica.role.cluster;
  if (cluster === undefined) return note('The replica names no cluster, so its primary cannot be found.');
  const members = ctx.clusters.get(cluster);
  if (members === undefined) return note(`The members of cluster ${cluster} were not available to the audit.`);
  const primary = members.find((m) => m.role === 'primary' && m.id !== replica.id && isAudited(m));
  if (primary === undefined) return note(`Cluster ${cluster} has no primary in service.`);
  if (primary.zone !== replica.zone) return [];
  return [
    makeFinding(ZONES, replica, {
      severity: 'medium',
      condition: AUDIT_CONDITIONS.replicaSameZone,
      evidence: primary.id,
      message: `The replica is in zone ${replica.zone}, the same zone as its primary ${primary.id}.`,
    }),
  ];
}
