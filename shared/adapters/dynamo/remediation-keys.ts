/**
 * Remediation's items in the single table (keys.ts holds the ledger's). Listed here so the layout reads in one place:
 *
 *   TASK#<taskId> / META                  the remediation task, its placement and the budget slot it holds
 *   AGENDA#<shard> / <taskId>             every task that has not ended, and when the tick must send it again
 *   INST#<id> / TASK#<createdAt>#<taskId> the instance's tasks (for `warden show` and `warden tasks --instance`)
 *   TASKLOG#<date>#<shard> / <createdAt>#<taskId>   tasks by creation day (recent tasks for `warden tasks`)
 *   LEASE#<instanceId> / LEASE            which task owns the instance, and the run that holds it right now
 *   INFLIGHT / <fleet|service|zone>#<name> instances under remediation, per scope (conditional counters)
 *   FREEZE / <freezeId>                   freezes (break glass)
 *   INCIDENT / <incidentId>               mass-event incidents;  INCIDENTSCOPE / <scope>: the live one per scope
 *   OUTCOME#<playbook> / <endedAt>#<ref>  finished attempts, for the playbook's circuit breaker
 *   FAILSIG#<minute> / <instanceId>       instances that turned uncertain or unavailable, for mass-event detection
 *   PAGE#<key> / PAGE                     a page already sent (breaker pages are sent once per opening)
 *   DRYRUN / <taskId>                     tasks ended by dry run whose condition stands: planned afresh once it is off
 *   ESCALATION#<instanceId> / ESCALATION  the instance's last escalation: later ones fold into it while it is open
 */
import { shardOf } from './keys.ts';

export const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'META' });
export const agendaPartition = (shard: number) => `AGENDA#${shard}`;
export const agendaKey = (taskId: string) => ({ pk: agendaPartition(shardOf(taskId)), sk: taskId });
export const instanceTaskKey = (instanceId: string, createdAt: string, taskId: string) => ({
  pk: `INST#${instanceId}`,
  sk: `TASK#${createdAt}#${taskId}`,
});
export const taskLogPartition = (date: string, shard: number) => `TASKLOG#${date}#${shard}`;
export const taskLogKey = (createdAt: string, taskId: string) => ({
  pk: taskLogPartition(createdAt.slice(0, 10), shardOf(taskId)),
  sk: `${createdAt}#${taskId}`,
});
export const leaseKey = (instanceId: string) => ({ pk: `LEASE#${instanceId}`, sk: 'LEASE' });
export type BudgetScope = 'fleet' | 'service' | 'zone';
export const inFlightKey = (scope: BudgetScope, name: string) => ({ pk: 'INFLIGHT', sk: `${scope}#${name}` });
export const freezeKey = (id: string) => ({ pk: 'FREEZE', sk: id });
export const incidentKey = (id: string) => ({ pk: 'INCIDENT', sk: id });
export const incidentScopeKey = (scope: string) => ({ pk: 'INCIDENTSCOPE', sk: scope });
export const outcomeKey = (playbook: string, at: string, ref: string) => ({ pk: `OUTCOME#${playbook}`, sk: `${at}#${ref}` });
export const signalPartition = (minute: string) => `FAILSIG#${minute}`;
export const pageKey = (key: string) => ({ pk: `PAGE#${key}`, sk: 'PAGE' });
export const dryRunEndedKey = (taskId: string) => ({ pk: 'DRYRUN', sk: taskId });
export const escalationKey = (instanceId: string) => ({ pk: `ESCALATION#${instanceId}`, sk: 'ESCALATION' });

/** The minute an instant falls in (`2025-03-01T10:04`), which names its failure-signal partition. */
export const minuteOf = (iso: string) => iso.slice(0, 16);

/** Epoch seconds for DynamoDB's TTL attribute (`expiresAt`). */
export const ttlAfter = (iso: string, seconds: number) => Math.floor(Date.parse(iso) / 1000) + seconds;
