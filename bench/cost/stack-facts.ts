/** What the bill needs of how serverless.yml deploys the stack: memory, SQS sources, alarms, segments, cadences. */
import { loadServerlessConfig } from '../../local/serverless-config.ts';
import { INTAKE_MARK_SECONDS } from '../../shared/runtime/detection-deps.ts';
import type { StackFacts } from './units.ts';

/** The production shape: the `default` params (stages other than `local`). */
export function stackFacts(stage = 'prod'): StackFacts {
  const config = loadServerlessConfig({ stage });
  const provider = config.provider as { memorySize?: number };
  const functions = Object.entries(config.functions) as [string, { memorySize?: number; events?: Record<string, unknown>[] }][];
  const resources = Object.values(config.resources.Resources);
  const env = (fn: string, name: string) => Number(config.functions[fn]?.environment?.[name]);
  return {
    memoryMB: Object.fromEntries(functions.map(([name, fn]) => [name, fn.memorySize ?? provider.memorySize ?? 1024])),
    sqsSources: functions.filter(([, fn]) => (fn.events ?? []).some((e) => 'sqs' in e)).length,
    // One per resource, and one per function from plugins/function-alarms.cjs.
    alarms: resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length + functions.length,
    auditSegments: env('auditStart', 'AUDIT_SEGMENTS'),
    metricsSnapshotSeconds: env('heartbeat', 'METRICS_SNAPSHOT_SECONDS'),
    intakeMarkSeconds: INTAKE_MARK_SECONDS,
  };
}
