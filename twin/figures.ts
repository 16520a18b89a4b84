/**
 * The figures a scenario reports, from what it recorded: detection latency against its floor, recovery, actions,
 * pages, requests and their price, and the hand work the automation stood for. Pure.
 */
import { PRICES } from '../bench/cost/prices.ts';
import type { FleetActionKind } from '../shared/domain/fleet.ts';
import { DEFAULT_MINUTES_PER_ACTION } from '../shared/domain/remediation/automation-report.ts';

/** The value at or below which `p` of the values lie (nearest rank); undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface Latency {
  count: number;
  p50?: number;
  p99?: number;
  max?: number;
}

export function latency(valuesMs: readonly number[]): Latency {
  return { count: valuesMs.length, p50: percentile(valuesMs, 0.5), p99: percentile(valuesMs, 0.99), max: percentile(valuesMs, 1) };
}

/** Requests per AWS service, as the bill counts them. */
export interface Requests {
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  sqsRequests: number;
  eventBridgeEvents: number;
}

export function dollars(r: Requests): Record<'lambda' | 'dynamodb' | 'sqs' | 'eventbridge' | 'total', number> {
  const lambda = (r.lambdaInvocations / 1e6) * PRICES.lambda.perMillionRequests + r.lambdaGbSeconds * PRICES.lambda.perGbSecond;
  const dynamodb = (r.dynamoWriteUnits / 1e6) * PRICES.dynamodb.perMillionWriteUnits + (r.dynamoReadUnits / 1e6) * PRICES.dynamodb.perMillionReadUnits;
  const sqs = (r.sqsRequests / 1e6) * PRICES.sqs.perMillionRequests;
  const eventbridge = (r.eventBridgeEvents / 1e6) * PRICES.eventbridge.perMillionEvents;
  return { lambda, dynamodb, sqs, eventbridge, total: lambda + dynamodb + sqs + eventbridge };
}

/**
 * What a check costs by hand, in minutes: an engineer looking at one instance's backups, replication, TLS and
 * credentials and writing down what is wrong. Stated, like the minutes per action.
 */
export const MINUTES_PER_CHECK = 5;
/** Minutes to triage one page: what automation still costs a human. */
export const MINUTES_PER_PAGE = 30;
/** An engineer-year: 48 weeks of 40 hours. */
export const HOURS_PER_ENGINEER_YEAR = 1920;

export interface HandWork {
  byHandMinutes: number;
  byHandEngineerYears: number;
  automatedHours: number;
  pages: number;
  line: string;
}

/**
 * The hand work avoided: every action and check priced at the stated engineer-minutes, against what the
 * automation cost in humans (its pages, each triaged) and in wall time (`automatedMs`, the scenario's span).
 */
export function handWork(actions: Readonly<Partial<Record<FleetActionKind, number>>>, checks: number, pages: number, automatedMs: number): HandWork {
  let minutes = checks * MINUTES_PER_CHECK;
  for (const [kind, count] of Object.entries(actions) as [FleetActionKind, number][]) minutes += count * DEFAULT_MINUTES_PER_ACTION[kind];
  const years = minutes / 60 / HOURS_PER_ENGINEER_YEAR;
  const automatedHours = automatedMs / 3_600_000;
  const line = `by hand: ${years >= 10 ? years.toFixed(0) : years.toFixed(2)} engineer-years; automated: ${automatedHours.toFixed(1)} hours, ${pages} page${pages === 1 ? '' : 's'}`;
  return { byHandMinutes: minutes, byHandEngineerYears: years, automatedHours, pages, line };
}
