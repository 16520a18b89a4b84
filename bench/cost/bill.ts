/**
 * The monthly bill, as pure arithmetic: measured usage per unit of work (units.ts) times how many of each a month
 * brings, at list prices (prices.ts). A healthy month is the steady state; a bad month adds a zone outage a week,
 * a CVE roll and a daily audit. Beside it, the designs Fleetwarden's rule (cost grows with change, not with fleet
 * size) rules out.
 */
import { AWS_BEHAVIOUR, PRICES, tiered, type Prices } from './prices.ts';
import type { Units, Usage } from './units.ts';

export const SERVICES = ['Lambda', 'DynamoDB', 'SQS', 'EventBridge', 'CloudWatch'] as const;
export type Service = (typeof SERVICES)[number];

export interface Scenario {
  instances: number;
  instancesPerHost: number;
  /** Hosts whose reports a cell relay merges into one; 1 when every host reports alone. */
  hostsPerReport: number;
  intervalSeconds: number;
}

/** What the bad month and the facts assume (not measured: the shape of a month). */
export const MONTH = {
  zones: 3,
  zoneOutages: 4,
  auditRuns: 30,
  /** Agents send an instance's facts when they change: a backup a day, typically. */
  factsChangesPerInstanceDay: 1,
  /** The CloudWatch alarm design: one datum per instance per interval, sent in one PutMetricData per report. */
  alarmChecksPerInstance: 1,
  configChecks: 10,
} as const;

export interface Line {
  service: Service;
  what: string;
  quantity: string;
  dollars: number;
}

export interface Bill {
  lines: Line[];
  byService: Record<Service, number>;
  total: number;
}

export interface Alternative {
  design: string;
  quantity: string;
  dollars: number;
}

export interface MonthlyBill {
  scenario: Scenario & { instancesPerReport: number; reports: number; reportPath: Units['reportPath'] };
  healthy: Bill;
  bad: Bill;
  alternatives: Alternative[];
}

const MINUTES = AWS_BEHAVIOUR.secondsPerMonth / 60;
const millions = (n: number) =>
  `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: n >= 1e8 ? 0 : n >= 1e6 ? 1 : 3, minimumFractionDigits: n >= 1e8 ? 0 : n >= 1e6 ? 1 : 3 })} M`;

/** The lines `count` times `usage` costs, one per service it touches. */
export function costOf(what: string, usage: Usage, count: number, prices: Prices = PRICES): Line[] {
  const lines: Line[] = [];
  const invocations = usage.invocations * count;
  if (invocations > 0) {
    const gbSeconds = invocations * (usage.msPerInvocation / 1000) * (usage.memoryMB / 1024);
    lines.push({ service: 'Lambda', what, quantity: `${millions(invocations)} invocations, ${millions(gbSeconds)} GB-s`, dollars: (invocations / 1e6) * prices.lambda.perMillionRequests + gbSeconds * prices.lambda.perGbSecond });
  }
  const [read, write] = [usage.readUnits * count, usage.writeUnits * count];
  if (read + write > 0) {
    const quantity = [write > 0 ? `${millions(write)} WRU` : '', read > 0 ? `${millions(read)} RRU` : ''].filter(Boolean).join(' + ');
    lines.push({ service: 'DynamoDB', what, quantity, dollars: (write / 1e6) * prices.dynamodb.perMillionWriteUnits + (read / 1e6) * prices.dynamodb.perMillionReadUnits });
  }
  if (usage.sqsRequests * count > 0) lines.push({ service: 'SQS', what, quantity: `${millions(usage.sqsRequests * count)} requests`, dollars: ((usage.sqsRequests * count) / 1e6) * prices.sqs.perMillionRequests });
  if (usage.events * count > 0) lines.push({ service: 'EventBridge', what, quantity: `${millions(usage.events * count)} events`, dollars: ((usage.events * count) / 1e6) * prices.eventbridge.perMillionEvents });
  return lines;
}

function billOf(lines: Line[]): Bill {
  const byService = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<Service, number>;
  for (const line of lines) byService[line.service] += line.dollars;
  return { lines, byService, total: lines.reduce((n, l) => n + l.dollars, 0) };
}

/** Reports a month: one per report group (hosts merged by a relay, or a host alone) per interval. */
export function reportsPerMonth(s: Scenario): { instancesPerReport: number; reportGroups: number; reports: number } {
  const instancesPerReport = s.instancesPerHost * s.hostsPerReport;
  const reportGroups = Math.ceil(s.instances / instancesPerReport);
  return { instancesPerReport, reportGroups, reports: reportGroups * (AWS_BEHAVIOUR.secondsPerMonth / s.intervalSeconds) };
}

function healthyLines(u: Units, s: Scenario, prices: Prices): Line[] {
  const { reportGroups, reports } = reportsPerMonth(s);
  // Containers busy on heartbeats at once (Little's law), each writing its intake mark at most every few seconds.
  const containers = Math.max(1, Math.ceil((reports / AWS_BEHAVIOUR.secondsPerMonth) * u.report.invocations * (u.report.msPerInvocation / 1000)));
  const marks = containers * (AWS_BEHAVIOUR.secondsPerMonth / u.stack.intakeMarkSeconds);
  const snapshots = s.instances * (AWS_BEHAVIOUR.secondsPerMonth / u.stack.metricsSnapshotSeconds);
  const factsChanges = s.instances * MONTH.factsChangesPerInstanceDay * (AWS_BEHAVIOUR.secondsPerMonth / 86_400);
  const sweep: Usage = { ...u.sweep, readUnits: u.sweep.readUnits + u.sweepReadUnitsPerCell * reportGroups, msPerInvocation: Math.max(0, u.sweep.msPerInvocation + u.sweepMsPerCell * reportGroups) };
  const idlePolls = u.stack.sqsSources * AWS_BEHAVIOUR.idleReceivesPerQueueMinute * MINUTES;
  return [
    ...costOf(`cell reports (${reportGroups.toLocaleString('en-US')} per interval)`, u.report, reports, prices),
    ...costOf(`intake marks (${containers} consumer container${containers === 1 ? '' : 's'})`, u.intakeMark, marks, prices),
    ...costOf('metrics snapshots', u.snapshot, snapshots, prices),
    ...costOf('facts changed', u.factsChange, factsChanges, prices),
    ...costOf('sweeps, every minute', sweep, MINUTES, prices),
    ...costOf('planner ticks, every minute', u.idleTick, MINUTES, prices),
    { service: 'SQS', what: `idle long polls (${u.stack.sqsSources} queues)`, quantity: `${millions(idlePolls)} requests`, dollars: (idlePolls / 1e6) * prices.sqs.perMillionRequests },
    { service: 'CloudWatch', what: `alarms on the stack`, quantity: `${u.stack.alarms} alarms`, dollars: u.stack.alarms * prices.cloudwatch.perAlarmMonth },
  ];
}

function badMonthLines(u: Units, s: Scenario, prices: Prices): Line[] {
  const dark = Math.round(s.instances / MONTH.zones) * MONTH.zoneOutages;
  const affected = Math.round(s.instances * u.rollAffectedShare);
  const audit: Usage = {
    ...u.auditPerSegment,
    readUnits: u.auditPerSegment.readUnits * u.stack.auditSegments + u.auditPerInstance.readUnits * s.instances,
    writeUnits: u.auditPerSegment.writeUnits * u.stack.auditSegments + u.auditPerInstance.writeUnits * s.instances,
    sqsRequests: u.auditPerSegment.sqsRequests * u.stack.auditSegments,
    events: u.auditPerInstance.events * s.instances,
    invocations: u.stack.auditSegments,
  };
  return [
    ...costOf(`zone outages: ${dark.toLocaleString('en-US')} instances silent and back`, u.outage, dark, prices),
    ...costOf('zone outages: each down raised reaches the planner', u.planOnRaise, dark, prices),
    ...costOf(`CVE roll: ${affected.toLocaleString('en-US')} instances planned`, u.rollPerAffected, affected, prices),
    ...costOf('CVE roll: one remediation task each', u.task, affected, prices),
    ...costOf(`daily audits (${u.stack.auditSegments} segments)`, audit, MONTH.auditRuns, prices),
  ];
}

function alternatives(u: Units, s: Scenario, prices: Prices): Alternative[] {
  const heartbeats = s.instances * (AWS_BEHAVIOUR.secondsPerMonth / s.intervalSeconds);
  const { reports } = reportsPerMonth(s);
  const evaluations = s.instances * MONTH.configChecks * MONTH.auditRuns;
  const cw = prices.cloudwatch;
  return [
    {
      design: 'one CloudWatch alarm per instance (its heartbeat a custom metric, one PutMetricData per report)',
      quantity: `${s.instances.toLocaleString('en-US')} alarms and metrics, ${millions(reports)} PutMetricData`,
      dollars: s.instances * MONTH.alarmChecksPerInstance * cw.perAlarmMonth + tiered(s.instances, cw.metricTiers) + (reports / 1000) * cw.perThousandPutMetricData,
    },
    { design: 'an EventBridge event per heartbeat', quantity: `${millions(heartbeats)} events`, dollars: (heartbeats / 1e6) * prices.eventbridge.perMillionEvents },
    {
      design: `a DynamoDB write per heartbeat (${u.instanceHeartbeatWriteUnits.toFixed(1)} WRU each, measured)`,
      quantity: `${millions(heartbeats * u.instanceHeartbeatWriteUnits)} WRU`,
      dollars: ((heartbeats * u.instanceHeartbeatWriteUnits) / 1e6) * prices.dynamodb.perMillionWriteUnits,
    },
    {
      design: `AWS Config rules for a daily ${MONTH.configChecks}-check audit (rule evaluations only)`,
      quantity: `${millions(evaluations)} evaluations`,
      dollars: tiered(evaluations, prices.config.evaluationTiers),
    },
  ];
}

export function monthlyBill(units: Units, scenario: Scenario, prices: Prices = PRICES): MonthlyBill {
  const healthy = healthyLines(units, scenario, prices);
  const { instancesPerReport, reports } = reportsPerMonth(scenario);
  return {
    scenario: { ...scenario, instancesPerReport, reports, reportPath: units.reportPath },
    healthy: billOf(healthy),
    bad: billOf([...healthy, ...badMonthLines(units, scenario, prices)]),
    alternatives: alternatives(units, scenario, prices),
  };
}
