/**
 * Remediation in `npm start`: the worker acts through the same signed HTTP provider as in a deployment, against a
 * control-plane server on 127.0.0.1 that serves the simulated fleet; what remediation does is printed as it
 * happens and counted for the live line and the final summary.
 */
import { randomBytes } from 'node:crypto';
import { startControlPlaneServer, type SimulatedFleet } from '../sim/index.ts';
import type { TaskView } from '../shared/usecases/remediation/operator.ts';
import type { LocalBus } from './event-bus.ts';
import type { LocalStack } from './runner.ts';

export interface LocalControlPlane {
  /** For `startLocalStack({ environment })`: the URL and a plain key, which only the local stage may use. */
  environment: Record<string, string>;
  close(): Promise<void>;
}

/** Verification deadlines short enough that a one-minute demo shows a failed attempt and what follows it. */
const DEMO_PLAYBOOK_OPTIONS = { down: { restartVerifySeconds: 20, replaceVerifySeconds: 60 } };

/**
 * Starts the control plane over `fleet`. The simulated control plane also refuses a few storage growths and lets
 * a few restarts "succeed" without fixing anything, so the run shows verification catching them and escalation.
 */
export async function startLocalControlPlane(fleet: SimulatedFleet): Promise<LocalControlPlane> {
  const key = randomBytes(32).toString('base64url');
  const server = await startControlPlaneServer({ fleet, key });
  fleet.injectActionFault({ kind: 'grow-storage', mode: 'fail', times: 4 });
  fleet.injectActionFault({ kind: 'restart', mode: 'no-effect', times: 2 });
  return {
    environment: {
      FLEET_CONTROL_PLANE_URL: server.url,
      FLEET_SIGNING_KEY: key,
      FLEET_SIGNING_KEY_PARAMETER: '',
      REMEDIATION_PLAYBOOK_OPTIONS: JSON.stringify(DEMO_PLAYBOOK_OPTIONS),
    },
    close: server.close,
  };
}

export interface RemediationCounts {
  [key: string]: number;
  remediating: number;
  remediated: number;
  remediationFailed: number;
  escalations: number;
}

/** Prints remediation events (once per dedupeKey) and counts them. */
export function observeRemediation(bus: LocalBus, say: (line: string) => void): { counts: RemediationCounts } {
  const counts: RemediationCounts = { remediating: 0, remediated: 0, remediationFailed: 0, escalations: 0 };
  const seen = new Set<string>();
  bus.onEvent((event) => {
    const d = event.detail as Record<string, unknown>;
    const type = event['detail-type'];
    if (event.source !== 'fleetwarden' || seen.has(`${type}#${String(d.dedupeKey)}`)) return;
    seen.add(`${type}#${String(d.dedupeKey)}`);
    const who = `${String(d.instanceId ?? d.incidentId ?? d.playbook)}`;
    if (type === 'RemediationStarted') {
      counts.remediating += 1;
      say(`  ${who}: remediating ${String(d.condition)}: ${String(d.step)} (task ${String(d.taskId)})`);
    } else if (type === 'RemediationSucceeded') {
      counts.remediated += 1;
      say(`  ${who}: ${String(d.condition)} remediated by ${String(d.step)}, verified`);
    } else if (type === 'RemediationFailed') {
      counts.remediationFailed += 1;
      say(`  ${who}: remediation of ${String(d.condition)} ${String(d.status)}`);
    } else if (type === 'EscalationRaised') {
      counts.escalations += 1;
      say(`  PAGE (${String(d.kind)}): ${String(d.summary)}`);
    }
  });
  return { counts };
}

/**
 * Remediation tasks by outcome (succeeded, escalated, failed, obsolete, dry-run, or still pending/held/verifying);
 * `scheduled` are pending tasks that wait for their instance's maintenance window (audit findings).
 */
export async function remediationSummary(stack: LocalStack, observed: { counts: RemediationCounts }) {
  const response = (await stack.invoke('operator', { command: 'tasks', note: 'npm-start', input: { limit: 10_000 } })) as { result?: TaskView[] };
  const tasks = response.result ?? [];
  const byOutcome: Record<string, number> = {};
  for (const task of tasks) {
    const outcome = task.outcome === 'pending' && task.summary.startsWith('not before ') ? 'scheduled' : task.outcome;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }
  return { tasks: tasks.length, byOutcome, escalations: observed.counts.escalations };
}
