/**
 * The one normalized form of a CloudWatch alarm state change, whichever way it reached us:
 * an EventBridge "CloudWatch Alarm State Change" event, the alarm's direct Lambda action, or alarm -> SNS.
 */
export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export type AlarmShape = 'eventbridge' | 'lambda-action' | 'sns';

export type AlarmKind = 'metric' | 'composite';

/** One metric (or metric-math expression) the alarm watches. */
export interface AlarmMetric {
  /** The metric-math id (`m1`, `e1`) when the alarm has a metrics list. */
  id?: string;
  namespace?: string;
  metricName?: string;
  dimensions: Record<string, string>;
  /** Set for metric-math and anomaly-detection entries (`SUM(METRICS())`, `ANOMALY_DETECTION_BAND(m1, 2)`). */
  expression?: string;
}

export interface AlarmStateChange {
  shape: AlarmShape;
  /** Whitespace typos in the account/region part (seen in AWS docs samples) are removed. */
  alarmArn: string;
  alarmName: string;
  kind: AlarmKind;
  state: AlarmState;
  previousState?: AlarmState;
  /** When the alarm entered `state`, as ISO-8601 UTC with milliseconds. */
  at: string;
  reason: string;
  metrics: AlarmMetric[];
  /** ARNs of the child alarms that put a composite alarm in its state; empty for metric alarms. */
  triggeringAlarms: string[];
  /**
   * Set when CloudWatch held back the alarm's actions (`Alarm`, `WaitPeriod`, `ExtensionPeriod`): a
   * composite alarm's suppressor says "maintenance in progress".
   */
  actionsSuppressedBy?: string;
  /**
   * Identifies this state change, identical across shapes and redeliveries: `${alarmArn}#${state}#${at}`.
   * Every shape carries the state's own timestamp, whereas envelope ids and delivery times differ.
   */
  occurrenceId: string;
}
