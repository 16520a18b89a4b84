/**
 * The audits in `npm start`: 10 s after the simulated fleet is registered, an example advisory is added
 * (CVE-2026-0001 against the simulator's Redis image, with a fixed image so a roll starts; critical, so its waves
 * do not wait for maintenance windows and a short run shows the roll moving) and an audit run is started, both
 * through the operator function as an engineer would. The summary line reports them, and how far the roll came.
 */
import type { LocalStack } from './runner.ts';

export const EXAMPLE_ADVISORY = {
  id: 'CVE-2026-0001',
  title: 'Example: a remote code execution in the redis-7 2024.06.1 image',
  affects: ['redis-7:2024.06.1'],
  fixedImage: 'redis-7:2024.09.1',
  severity: 'critical',
};

export interface AuditDemoSummary {
  advisory?: { id: string; affected: number; byZone: Record<string, number>; rollWaves?: number; rollWave?: number; rollStatus?: string };
  audit?: Record<string, unknown>;
}

type Say = (line: string) => void;

/** An operator call; a busy local stack (DynamoDB Local saturated while the fleet registers) gets three tries. */
async function operator(stack: LocalStack, command: string, input: Record<string, unknown>, reason?: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operatorOnce(stack, command, input, reason);
    } catch (error) {
      if (attempt >= 3 || (error instanceof Error && error.message.startsWith(`${command}:`))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

/** Reads go by direct invoke (open to reads, and still served while the stack stops for its summary); changes are signed. */
const READS = new Set(['advisory-show', 'audit-status']);

async function operatorOnce(stack: LocalStack, command: string, input: Record<string, unknown>, reason?: string): Promise<Record<string, unknown>> {
  const body = { command, note: 'npm-start', input, ...(reason ? { reason } : {}) };
  const out = (await (READS.has(command) ? stack.invoke('operator', body) : stack.operator(body))) as {
    ok: boolean;
    result?: Record<string, unknown>;
    error?: { message?: string };
  };
  if (!out.ok || out.result === undefined) throw new Error(`${command}: ${out.error?.message ?? 'refused'}`);
  return out.result;
}

/** Starts the demo `afterSeconds` after `registered` resolves (the whole simulated fleet is in the ledger). */
export function scheduleAuditDemo(stack: LocalStack, say: Say, registered: Promise<unknown>, afterSeconds = 10) {
  const demo: AuditDemoSummary = {};
  let runId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = () => {
    void (async () => {
      const added = await operator(stack, 'advisory-add', EXAMPLE_ADVISORY, 'example advisory for the local run');
      const affected = added.affected as { total: number; byZone: { key: string; count: number }[] };
      const roll = added.roll as { totalWaves?: number } | undefined;
      demo.advisory = {
        id: EXAMPLE_ADVISORY.id,
        affected: affected.total,
        byZone: Object.fromEntries(affected.byZone.map((z) => [z.key, z.count])),
        ...(roll?.totalWaves === undefined ? {} : { rollWaves: roll.totalWaves }),
      };
      say(`fleetwarden: advisory ${EXAMPLE_ADVISORY.id} affects ${affected.total} instances; rolling them onto ${EXAMPLE_ADVISORY.fixedImage} in ${roll?.totalWaves ?? 0} waves (try \`npx warden advisory show ${EXAMPLE_ADVISORY.id}\`)`);
      runId = String((await operator(stack, 'audit-run', {}, 'the local run audits soon after start')).runId);
      say(`fleetwarden: audit ${runId} started (try \`npx warden audit status\`, then \`npx warden audit report\`)`);
    })().catch((error: unknown) => say(`  ! audit demo: ${error instanceof Error ? error.message : String(error)}`));
  };
  void registered.then(() => {
    if (!stopped) timer = setTimeout(run, afterSeconds * 1000);
  });

  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    async summary(): Promise<AuditDemoSummary> {
      if (demo.advisory !== undefined) {
        const shown = await operator(stack, 'advisory-show', { id: EXAMPLE_ADVISORY.id }).catch(() => undefined);
        const roll = shown?.roll as { status?: string; currentWave?: number } | undefined;
        if (roll?.status !== undefined) Object.assign(demo.advisory, { rollStatus: roll.status, rollWave: roll.currentWave });
      }
      if (runId === undefined) return demo;
      const status = await operator(stack, 'audit-status', { runId }).catch(() => undefined);
      const totals = status?.totals as { conditionsRaised?: number; leftToRolls?: number } | undefined;
      demo.audit = {
        runId,
        status: status?.status,
        segmentsDone: `${String(status?.completedShards)}/${String(status?.totalSegments)}`,
        instancesAudited: status?.instancesAudited,
        findings: status?.findings,
        passRatePct: status?.passRatePct,
        conditionsRaised: totals?.conditionsRaised,
        leftToRolls: totals?.leftToRolls,
      };
      return demo;
    },
  };
}
