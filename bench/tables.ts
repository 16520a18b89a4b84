/** The Markdown tables `npm run bench` prints, in the shape docs/PERFORMANCE.md shows them. */
import type { AuditRow } from './audits.ts';
import type { BacklogRow } from './backlog.ts';
import type { ColdStartRow } from './coldstart.ts';
import type { DetectionRow } from './detection.ts';
import type { PhaseCounts } from './harness.ts';
import type { RemediationRow } from './remediation.ts';
import type { SweepRow } from './sweeps.ts';

const f = (x: number, digits = 2) => x.toFixed(digits);
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const sqs = (p: PhaseCounts, op: string) => p.sqs[op] ?? 0;
/** SQS requests but the empty receives of idle pollers, which depend on timing, not on the work. */
const sqsWork = (p: PhaseCounts) => p.sqsRequests - sqs(p, 'ReceiveMessage (empty)');

export function detectionTable(rows: DetectionRow[]): string {
  return table(
    ['instances', 'cells', 'DynamoDB requests per heartbeat round', 'per cell report', 'per instance heartbeat', 'healthy sweep', 'sweep of 1 silent cell (transitions)', 'warden status'],
    rows.map((r) => [`${r.instances}`, `${r.cells}`, `${r.heartbeatRoundRequests}`, f(r.requestsPerCellReport), f(r.requestsPerInstanceHeartbeat, 4), `${r.healthySweepRequests}`, `${r.silentCellSweepRequests} (${r.silentCellTransitions})`, `${r.statusRequests}`]),
  );
}

/**
 * A report through the queue, both paths measured in the same run: without pages (every report writes its cell's
 * item, the path before) and with them, over one refresh cycle and split into its steady (paged) and refresh rounds;
 * and a report whose membership changed. DynamoDB requests (read + write units) per report.
 */
export function reportPathsTable(rows: DetectionRow[]): string {
  const units = (p: PhaseCounts, per: number) => `${f(p.dynamodbRequests / per)} (${f(p.readUnits / per)} + ${f(p.writeUnits / per)})`;
  const ops = (p: PhaseCounts, per: number) => Object.entries(p.dynamodb).map(([op, n]) => `${op} ${f(n / per)}`).join(', ');
  return table(
    ['instances (per cell)', 'without pages (before)', 'with pages: a refresh cycle (4 rounds)', 'steady rounds (paged)', 'refresh round', 'membership changed', 'with pages, by operation / report'],
    rows.map((r) => [
      `${r.instances} (${r.instances / r.cells})`,
      units(r.ingestWritten, r.ingestWritten.reports),
      units(r.ingest, r.ingest.reports),
      units(r.ingestPaged, r.ingestPaged.reports),
      units(r.ingestRefresh, r.ingestRefresh.reports),
      `${units(r.ingestChanged, r.ingestChanged.reports)}, ${r.ingestChanged.wentMissing} marked silent`,
      ops(r.ingest, r.ingest.reports),
    ]),
  );
}

/** The per-unit figures `npm run cost` takes from the detection benchmark. */
export function detectionUnitsTable(rows: DetectionRow[]): string {
  const units = (p: PhaseCounts, per: number) => `${f(p.dynamodbRequests / per)} (${f(p.readUnits / per, 1)} + ${f(p.writeUnits / per, 1)})`;
  return table(
    ['instances (per cell)', 'report via the queue: SQS requests / report', 'invocations / report', 'DynamoDB requests (read + write units) / report', 'metrics snapshot / instance', 'facts changed / instance', 'silent cell: to uncertain / instance', 'to unavailable, down raised / instance', 'back / instance', 'PutEvents / instance (3 steps)', 'single-instance heartbeat / heartbeat'],
    rows.map((r) => [
      `${r.instances} (${r.instances / r.cells})`,
      f(sqsWork(r.ingest) / r.ingest.reports),
      f(r.ingest.invocations / r.ingest.reports),
      units(r.ingest, r.ingest.reports),
      units(r.metricsSnapshot, r.metricsSnapshot.instances),
      units(r.factsChanged, r.factsChanged.instances),
      units(r.silentCellSweep, r.silentCellTransitions),
      units(r.unavailableSweep, r.unavailableSweep.transitions),
      units(r.recovery, r.recovery.recovered),
      f((r.silentCellSweep.putEvents + r.unavailableSweep.putEvents + r.recovery.putEvents) / r.silentCellTransitions),
      units(r.instanceHeartbeats, r.instanceHeartbeats.heartbeats),
    ]),
  );
}

export function sweepsTable(rows: SweepRow[]): string {
  return table(
    ['cell records', 'healthy sweep: DynamoDB requests', 'read units', 'per cell record', 'time (informational)'],
    rows.map((r) => [`${r.cells}`, `${r.sweep.dynamodbRequests}`, f(r.sweep.readUnits, 1), f(r.sweep.readUnits / r.cells, 4), `${r.sweep.ms} ms`]),
  );
}

export function backlogTable(rows: BacklogRow[]): string {
  const s = (n: number | undefined) => (n === undefined ? 'not found' : `${n} s`);
  return table(
    ['consumer paused', 'instances (cells)', 'false transitions', 'clock rule: false transitions', 'detection held', 'detection pages', 'real crash: silent until unavailable', 'found after the consumer resumed', 'delay added', 'observer requests per sweep'],
    rows.map((r) => [`${r.pauseSeconds} s`, `${r.instances} (${r.cells})`, `${r.falseTransitions}`, `${r.clockRuleFalseTransitions}`, `${r.heldSeconds} s`, `${r.detectionPages}`, s(r.crashFoundAfterSeconds), s(r.foundAfterResumeSeconds), s(r.addedDelaySeconds), `${r.observerRequestsPerSweep}`]),
  );
}

export function remediationTable(rows: RemediationRow[]): string {
  const per = (r: RemediationRow, n: number) => f(n / r.tasks);
  return table(
    ['tasks', 'plan: DynamoDB / task', 'plan: SendMessageBatch / task', 'work: DynamoDB / task', 'work: SendMessageBatch / task', 'work: Receive + DeleteBatch / task', 'deliveries / task', 'read + write units / task', 'PutEvents / task', 'tick with backlog (idle)', 'work time (informational)'],
    rows.map((r) => [
      `${r.tasks}`,
      per(r, r.planning.dynamodbRequests),
      per(r, sqs(r.planning, 'SendMessageBatch')),
      per(r, r.working.dynamodbRequests),
      per(r, sqs(r.working, 'SendMessageBatch')),
      `${per(r, sqs(r.working, 'ReceiveMessage'))} + ${per(r, sqs(r.working, 'DeleteMessageBatch'))}`,
      per(r, r.working.deliveries),
      `${f((r.planning.readUnits + r.working.readUnits) / r.tasks, 1)} + ${f((r.planning.writeUnits + r.working.writeUnits) / r.tasks, 1)}`,
      per(r, r.planning.putEvents + r.working.putEvents),
      `${r.backlogTick.dynamodbRequests} (${r.idleTick.dynamodbRequests})`,
      `${f(r.working.ms / 1000, 1)} s`,
    ]),
  );
}

export function auditTable(rows: AuditRow[]): string {
  const body = rows.map((r) => [
    `${r.instances}`,
    `${r.segments}`,
    `${r.audited} / ${r.findings} / ${r.conditionsRaised}`,
    `${r.run.dynamodbRequests}`,
    f(r.run.dynamodbRequests / r.audited, 3),
    `${sqsWork(r.run)} (+${sqs(r.run, 'ReceiveMessage (empty)')} empty)`,
    f(sqsWork(r.run) / r.audited, 4),
    `${f(r.run.readUnits / r.audited, 3)} + ${f(r.run.writeUnits / r.audited, 3)}`,
    f(r.run.putEvents / r.audited, 3),
    `${f(r.run.ms / 1000, 1)} s`,
  ]);
  const [first, last] = [rows[0], rows.at(-1)];
  if (first !== undefined && last !== undefined && last !== first) {
    const d = (pick: (r: AuditRow) => number) => (pick(last) - pick(first)) / (last.audited - first.audited);
    body.push([`each added instance`, '', '', '', f(d((r) => r.run.dynamodbRequests), 3), '', f(d((r) => sqsWork(r.run)), 4),
      `${f(d((r) => r.run.readUnits), 3)} + ${f(d((r) => r.run.writeUnits), 3)}`, f(d((r) => r.run.putEvents), 3), '']);
  }
  return table(['instances', 'segments', 'audited / findings / conditions raised', 'DynamoDB requests', 'per audited instance', 'SQS requests (empty receives)', 'per audited instance', 'read + write units per audited instance', 'PutEvents per audited instance', 'run time (informational)'], body);
}

export function advisoryTable(rows: AuditRow[]): string {
  const cost = (p: PhaseCounts) => `${p.dynamodbRequests} (${f(p.readUnits, 1)} + ${f(p.writeUnits, 1)})`;
  return table(
    ['instances', 'affected', 'answer: requests (read + write units)', 'answer and list (`--json`)', 'with a fixed image: plan the roll, raise wave 1', 'waves (first wave)'],
    rows.map((r) => [`${r.instances}`, `${r.affected}`, cost(r.answer), cost(r.listing), cost(r.roll), `${r.roll.waves} (${r.roll.firstWave})`]),
  );
}

export function coldStartTable(rows: ColdStartRow[]): string {
  const functions = [...new Set(rows.map((r) => r.function))];
  const pair = (fn: string, pick: (r: ColdStartRow) => number, unit: string) => {
    const [before, now] = (['before', 'now'] as const).map((build) => rows.find((r) => r.function === fn && r.build === build));
    return `${before === undefined ? '?' : pick(before)} -> ${now === undefined ? '?' : pick(now)} ${unit}`;
  };
  return table(
    ['function', 'bundle (before -> now)', 'zip', 'module init with its SDK clients, median of 7 (informational)', 'its CPU time', 'of which the require'],
    functions.map((fn) => [
      fn,
      pair(fn, (r) => r.bundleKB, 'KB'),
      pair(fn, (r) => r.zipKB, 'KB'),
      pair(fn, (r) => r.initMsMedian, 'ms'),
      pair(fn, (r) => r.initCpuMsMedian, 'ms'),
      pair(fn, (r) => r.requireMsMedian, 'ms'),
    ]),
  );
}
