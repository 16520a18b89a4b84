import type { SQSEvent } from 'aws-lambda';
import { cellReportSchema, instanceHeartbeatEvent } from '../../shared/schemas/heartbeats.ts';
import { pageSteadyReports, recordCellReport, recordInstanceHeartbeat, type HeartbeatOutcome } from '../../shared/usecases/heartbeats.ts';
import { recordIntake, type Delivery } from '../../shared/usecases/intake.ts';
import { batchOptions, detectionDeps, HEARTBEAT_RECORDS_IN_FLIGHT, type DetectionDeps } from '../../shared/runtime/detection-deps.ts';
import { logger } from '../../shared/runtime/logger.ts';
import { lambda } from '../../shared/runtime/middleware.ts';
import { parseJson, parseWith } from '../../shared/runtime/parse.ts';
import { noteSwallowed } from '../../shared/runtime/swallowed.ts';
import { checkSqsEvent, deliveriesDone, processSqsBatch, type BatchOptions } from '../../shared/runtime/sqs-batch.ts';

const isSqsEvent = (event: unknown): event is SQSEvent => Array.isArray((event as SQSEvent | null)?.Records);

/** The function's body over its deps: Lambda wires them from the environment, the twin over memory (twin/wiring.ts). */
export const heartbeatHandler = (depsOf: () => DetectionDeps, batch: () => BatchOptions) => async (event: unknown) => {
  const deps = depsOf();
  if (!isSqsEvent(event)) {
    const { detail, time } = parseWith(instanceHeartbeatEvent, event, 'instance heartbeat event');
    const outcome = await recordInstanceHeartbeat(deps, detail.instanceId, detail.at ?? deps.clock().toISOString());
    await markIntake(deps, [{ sentAt: time, attempt: 1 }]);
    return outcome;
  }
  const reports: HeartbeatOutcome[] = [];
  const paged = await pageSteadyRecords(deps, event);
  const response = await processSqsBatch(event, async (record) => {
    const steady = paged.get(record.messageId);
    if (steady !== undefined) return void reports.push(steady);
    const report = parseWith(cellReportSchema, parseJson(record.body, 'heartbeat message'), 'cell heartbeat');
    const outcome = await recordCellReport(deps, report);
    if (outcome.recovered.length + outcome.wentMissing.length + outcome.unknown.length > 0) logger.info('cell heartbeat', { ...outcome });
    reports.push(outcome);
  }, batch());
  await markIntake(deps, deliveriesDone(event, response));
  // Lambda reads only batchItemFailures; `reports` is for `warden replay` and logs.
  return { ...response, reports };
};

export const handler = lambda(heartbeatHandler(detectionDeps, () => batchOptions('HEARTBEAT_DLQ_URL', HEARTBEAT_RECORDS_IN_FLIGHT)));

/** The intake mark is advisory: a lost write leaves the watermark behind (safe), so it never fails the batch. */
async function markIntake(deps: DetectionDeps, deliveries: Delivery[]): Promise<void> {
  const gap = await recordIntake(deps, deliveries, deps.clock()).catch((error: unknown) => {
    noteSwallowed('heartbeat: intake mark not recorded', error);
    return undefined;
  });
  if (gap !== undefined) logger.warn('gap in heartbeat intake: no report sent in it was processed', { ...gap });
}

/**
 * The batch's steady reports, recorded together in one page (by message id). Unreadable records are left to the
 * record handler, which dead-letters them with their reason; if the page cannot be written, every report is
 * recorded alone instead (and retried alone if that fails too).
 */
async function pageSteadyRecords(deps: DetectionDeps, event: SQSEvent): Promise<Map<string, HeartbeatOutcome>> {
  const records = checkSqsEvent(event).Records;
  const reports = records.map((record) => {
    const parsed = cellReportSchema.safeParse(safeJson(record.body));
    return parsed.success ? parsed.data : undefined;
  });
  const byIndex = await pageSteadyReports(deps, reports).catch((error: unknown) => {
    noteSwallowed('heartbeat: steady reports not paged, each recorded alone', error);
    return new Map<number, HeartbeatOutcome>();
  });
  return new Map([...byIndex].map(([index, outcome]) => [records[index]?.messageId ?? '', outcome]));
}

function safeJson(body: unknown): unknown {
  try {
    return typeof body === 'string' ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}
