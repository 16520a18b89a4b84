import type { Instance, Service } from '../instance.ts';

/** What a customer bought: the promises the audit holds each instance to. */
export interface Plan {
  service: Service;
  /** Replicas a primary must have besides itself (a Kafka plan counts brokers beyond the first). */
  replicasRequired: number;
  /** Whether the instance may be reachable from the internet. */
  publicAccessAllowed: boolean;
}

export type PlanCatalog = Readonly<Record<string, Plan>>;

/** The plans Fleetwarden knows by default. A deployment may pass its own catalog in the audit context. */
export const DEFAULT_PLANS: PlanCatalog = {
  'postgres-standard': { service: 'postgres', replicasRequired: 0, publicAccessAllowed: true },
  'postgres-ha': { service: 'postgres', replicasRequired: 2, publicAccessAllowed: false },
  'redis-standard': { service: 'redis', replicasRequired: 0, publicAccessAllowed: true },
  'redis-ha': { service: 'redis', replicasRequired: 1, publicAccessAllowed: false },
  // Three brokers: the one modelled as `primary` plus two more.
  'kafka-standard': { service: 'kafka', replicasRequired: 2, publicAccessAllowed: false },
  // One broker, for development topics: no replication promised.
  'kafka-dev': { service: 'kafka', replicasRequired: 0, publicAccessAllowed: false },
};

export type PlanLookup = { plan: Plan } | { problem: string };

/**
 * The plan an instance is on, or why it cannot be known. An unknown plan, or a plan for another
 * service, is a finding for the check that needed it, never a crash.
 */
export function planFor(instance: Pick<Instance, 'plan' | 'service'>, catalog: PlanCatalog): PlanLookup {
  // Object.hasOwn: a plan named `constructor` must not find Object.prototype.constructor.
  const plan = Object.hasOwn(catalog, instance.plan) ? catalog[instance.plan] : undefined;
  if (plan === undefined) return { problem: `its plan "${instance.plan}" is not in the plan catalog` };
  if (plan.service !== instance.service) {
    const { service } = instance;
    return { problem: `its plan "${instance.plan}" is a ${plan.service} plan but it is a ${service} instance` };
  }
  return { plan };
}
