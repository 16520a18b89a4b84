/**
 * The per-unit figures the bill multiplies, each taken from what a benchmark measured (bench/results.json) or from
 * how serverless.yml deploys the stack (memory, schedules, queues, alarms), never typed in by hand.
 */
import type { AuditRow } from '../audits.ts';
import type { BacklogRow } from '../backlog.ts';
import type { DetectionRow } from '../detection.ts';
import type { PhaseCounts } from '../harness.ts';
import type { RemediationRow } from '../remediation.ts';
import type { SweepRow } from '../sweeps.ts';
import type { ResultsFile } from '../results-file.ts';

/** DynamoDB units, SQS requests, events, Lambda invocations and milliseconds of one thing done once. */
export interface Usage {
  readUnits: number;
  writeUnits: number;
  sqsRequests: number;
  events: number;
  /** Lambda invocations, and the memory and milliseconds of each. */
  invocations: number;
  msPerInvocation: number;
  memoryMB: number;
}

export interface StackFacts {
  memoryMB: Record<string, number>;
  /** Functions on an SQS event source: their pollers long-poll even when idle. */
  sqsSources: number;
  alarms: number;
  auditSegments: number;
  metricsSnapshotSeconds: number;
  intakeMarkSeconds: number;
}

export interface Units {
  /** One cell report, sent to the heartbeat queue and recorded. */
  report: Usage;
  /** How reports are recorded: steady ones paged (as deployed), or every one written to its cell's item (the path before). */
  reportPath: ReportPath;
  /** One intake mark (a consumer container writes at most one per `intakeMarkSeconds`). */
  intakeMark: Usage;
  /** One instance's metrics snapshot, and one change of its facts. */
  snapshot: Usage;
  factsChange: Usage;
  /** A sweep of a healthy fleet: fixed, and read units per cell record. */
  sweep: Usage;
  sweepReadUnitsPerCell: number;
  sweepMsPerCell: number;
  /** One instance through a zone outage: uncertain, unavailable with `down` raised, back on its cell's report. */
  outage: Usage;
  /** One condition raised during an outage reaches the planner (one invocation per event). */
  planOnRaise: Usage;
  /** One remediation task, planned and worked. */
  task: Usage;
  /** One planner tick with nothing to do (every minute). */
  idleTick: Usage;
  /** An audit run: per audited instance, and fixed per segment. */
  auditPerInstance: Usage;
  auditPerSegment: Usage;
  /** An advisory with a fixed image: planning its roll, per affected instance, and the share of the fleet affected in the bench. */
  rollPerAffected: Usage;
  rollAffectedShare: number;
  /** One single-instance heartbeat written to its instance item (the "write per heartbeat" design). */
  instanceHeartbeatWriteUnits: number;
  stack: StackFacts;
}

export type ReportPath = 'paged' | 'written';

const ZERO: Usage = { readUnits: 0, writeUnits: 0, sqsRequests: 0, events: 0, invocations: 0, msPerInvocation: 0, memoryMB: 0 };

/** A phase's DynamoDB, SQS (the idle pollers' empty receives left out) and events, divided by `per`. */
function usageOf(p: PhaseCounts, per: number, lambda: Partial<Pick<Usage, 'invocations' | 'msPerInvocation' | 'memoryMB'>> = {}): Usage {
  const sqs = p.sqsRequests - (p.sqs['ReceiveMessage (empty)'] ?? 0);
  return { ...ZERO, readUnits: p.readUnits / per, writeUnits: p.writeUnits / per, sqsRequests: sqs / per, events: p.putEvents / per, ...lambda };
}

/** The sum of usages; Lambda time is kept as the invocation-weighted mean. */
function plus(...parts: Usage[]): Usage {
  const invocations = parts.reduce((n, u) => n + u.invocations, 0);
  const gbMs = parts.reduce((n, u) => n + u.invocations * u.msPerInvocation * u.memoryMB, 0);
  const memoryMB = Math.max(...parts.map((u) => u.memoryMB));
  return {
    readUnits: parts.reduce((n, u) => n + u.readUnits, 0),
    writeUnits: parts.reduce((n, u) => n + u.writeUnits, 0),
    sqsRequests: parts.reduce((n, u) => n + u.sqsRequests, 0),
    events: parts.reduce((n, u) => n + u.events, 0),
    invocations,
    memoryMB,
    msPerInvocation: invocations === 0 || memoryMB === 0 ? 0 : gbMs / invocations / memoryMB,
  };
}

function rowsOf<T>(results: ResultsFile, benchmark: string): T[] {
  const rows = results[benchmark]?.rows;
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`bench/results.json has no ${benchmark} rows: run npm run bench -- ${benchmark}`);
  return rows as T[];
}

type Memory = (fn: string) => number;

export function unitsFrom(results: ResultsFile, stack: StackFacts, reportPath: ReportPath = 'paged'): Units {
  const mem: Memory = (fn) => stack.memoryMB[fn] ?? 0;
  const [backlog] = rowsOf<BacklogRow>(results, 'backlog');
  return {
    ...detectionUnits(rowsOf<DetectionRow>(results, 'detection'), rowsOf<SweepRow>(results, 'sweeps'), backlog, mem, reportPath),
    reportPath,
    ...remediationUnits(rowsOf<RemediationRow>(results, 'remediation').at(-1) as RemediationRow, mem),
    ...auditUnits(rowsOf<AuditRow>(results, 'audits'), mem),
    stack,
  };
}

type DetectionUnits = Pick<Units, 'report' | 'intakeMark' | 'snapshot' | 'factsChange' | 'sweep' | 'sweepReadUnitsPerCell' | 'sweepMsPerCell' | 'outage' | 'instanceHeartbeatWriteUnits'>;

/** From the detection row with the most instances per report (the steady state is per report either way). */
function detectionUnits(detection: DetectionRow[], sweepRows: SweepRow[], backlog: BacklogRow | undefined, mem: Memory, reportPath: ReportPath): DetectionUnits {
  const perReport = (row: DetectionRow) => row.instances / row.cells;
  const d = detection.reduce((a, b) => (perReport(b) > perReport(a) || (perReport(b) === perReport(a) && b.cells > a.cells) ? b : a));
  if (d.ingest === undefined || d.intakeMark === undefined || d.ingestWritten === undefined) throw new Error('bench/results.json: the detection rows predate the per-unit phases: run npm run bench -- detection');
  // Both paths were measured in the same run: steady reports paged over a refresh cycle, or every report written.
  const ingest = reportPath === 'paged' ? d.ingest : d.ingestWritten;
  // Read units of a healthy sweep grow with the cell records: the slope between the two sizes measured.
  const sweeps = [...sweepRows].sort((a, b) => a.cells - b.cells);
  const [small, large] = [sweeps[0] as SweepRow, sweeps.at(-1) as SweepRow];
  const perCell = large.cells === small.cells ? large.sweep.readUnits / large.cells : (large.sweep.readUnits - small.sweep.readUnits) / (large.cells - small.cells);
  const silent = d.silentCellTransitions;
  return {
    report: usageOf(ingest, ingest.reports, { invocations: ingest.invocations / ingest.reports, msPerInvocation: ingest.msPerInvocation, memoryMB: mem('heartbeat') }),
    // The rows share one observer item and restart the clock: a later row's mark is behind the stored frontier, its
    // condition fails, and DynamoDB Local reports 0 units where DynamoDB bills 1. The mark that advanced counts.
    intakeMark: usageOf(detection.reduce((a, b) => (b.intakeMark.writeUnits > a.intakeMark.writeUnits ? b : a)).intakeMark, 1),
    snapshot: usageOf(d.metricsSnapshot, d.metricsSnapshot.instances),
    factsChange: usageOf(d.factsChanged, d.factsChanged.instances),
    sweep: {
      // Its time (informational on DynamoDB Local, and noisy) is taken as in proportion to the cells read.
      ...usageOf(d.healthySweep, 1, { invocations: 1, msPerInvocation: 0, memoryMB: mem('sweeper') }),
      readUnits: small.sweep.readUnits - perCell * small.cells,
      sqsRequests: backlog === undefined ? 0 : backlog.observerRequestsPerSweep - observerDynamoRequests(d),
    },
    sweepReadUnitsPerCell: perCell,
    sweepMsPerCell: large.sweep.ms / large.cells,
    outage: plus(
      usageOf(d.silentCellSweep, silent, { invocations: 1 / silent, msPerInvocation: d.silentCellSweep.ms, memoryMB: mem('sweepWorker') }),
      usageOf(d.unavailableSweep, d.unavailableSweep.transitions, { invocations: 1 / d.unavailableSweep.transitions, msPerInvocation: d.unavailableSweep.ms, memoryMB: mem('sweepWorker') }),
      usageOf(d.recovery, d.recovery.recovered, { invocations: 1 / d.recovery.recovered, msPerInvocation: d.recovery.ms, memoryMB: mem('heartbeat') }),
    ),
    instanceHeartbeatWriteUnits: d.instanceHeartbeats.writeUnits / d.instanceHeartbeats.heartbeats,
  };
}

/** From the largest remediation row: planning once per raised condition, and the work of a task. */
function remediationUnits(r: RemediationRow, mem: Memory): Pick<Units, 'planOnRaise' | 'task' | 'idleTick'> {
  const planning = usageOf(r.planning, r.tasks, { invocations: 1, msPerInvocation: r.planning.ms / r.tasks, memoryMB: mem('planner') });
  const working = usageOf(r.working, r.tasks, { invocations: r.working.invocations / r.tasks, msPerInvocation: r.working.ms / Math.max(1, r.working.invocations), memoryMB: mem('remediationWorker') });
  return {
    planOnRaise: planning,
    task: plus(planning, working),
    idleTick: usageOf(r.idleTick, 1, { invocations: 1, msPerInvocation: r.idleTick.ms, memoryMB: mem('planner') }),
  };
}

/** Per audited instance, the difference between the two sizes; per segment, the rest of the larger run. */
function auditUnits(audits: AuditRow[], mem: Memory): Pick<Units, 'auditPerInstance' | 'auditPerSegment' | 'rollPerAffected' | 'rollAffectedShare'> {
  const [a1, a2] = [audits[0] as AuditRow, audits.at(-1) as AuditRow];
  const marginal = (pick: (p: PhaseCounts) => number) => (a2.audited === a1.audited ? pick(a2.run) / a2.audited : (pick(a2.run) - pick(a1.run)) / (a2.audited - a1.audited));
  const perInstance: Usage = { ...ZERO, readUnits: marginal((p) => p.readUnits), writeUnits: marginal((p) => p.writeUnits), events: marginal((p) => p.putEvents) };
  const fixed = (pick: (p: PhaseCounts) => number, perInstanceValue: number) => (pick(a2.run) - perInstanceValue * a2.audited) / a2.segments;
  return {
    auditPerInstance: perInstance,
    auditPerSegment: {
      ...ZERO,
      readUnits: fixed((p) => p.readUnits, perInstance.readUnits),
      writeUnits: fixed((p) => p.writeUnits, perInstance.writeUnits),
      sqsRequests: (a2.run.sqsRequests - (a2.run.sqs['ReceiveMessage (empty)'] ?? 0)) / a2.segments,
      invocations: 1,
      msPerInvocation: a2.run.ms / a2.segments,
      memoryMB: mem('auditShard'),
    },
    rollPerAffected: usageOf(a2.roll, a2.affected),
    rollAffectedShare: a2.affected / a2.instances,
  };
}

/** The sweep's own observer requests to DynamoDB (its read and save), already in the healthy sweep's count. */
function observerDynamoRequests(d: DetectionRow): number {
  return (d.healthySweep.dynamodb.GetItem ?? 0) + (d.healthySweep.dynamodb.UpdateItem ?? 0);
}
