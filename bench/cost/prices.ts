/**
 * List prices the bill is computed at: AWS us-east-1, on-demand, arm64 Lambda, no free tier, as published on each
 * service's pricing page (named per price) and read in December 2026. Also the few things AWS does whatever the
 * code does, with where AWS says so. Everything per unit of work comes from bench/results.json instead.
 */
export const PRICES = {
  lambda: {
    source: 'aws.amazon.com/lambda/pricing (arm64)',
    perMillionRequests: 0.2,
    perGbSecond: 0.0000133334,
  },
  dynamodb: {
    source: 'aws.amazon.com/dynamodb/pricing/on-demand (since 2024-11-01)',
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
  },
  sqs: {
    source: 'aws.amazon.com/sqs/pricing (standard queues, per 64 KB request)',
    perMillionRequests: 0.4,
  },
  eventbridge: {
    source: 'aws.amazon.com/eventbridge/pricing (custom events)',
    perMillionEvents: 1,
  },
  cloudwatch: {
    source: 'aws.amazon.com/cloudwatch/pricing',
    perAlarmMonth: 0.1,
    /** Custom metrics per month, by tier: the first 10,000, the next 240,000, the next 750,000, the rest. */
    metricTiers: [
      { upTo: 10_000, price: 0.3 },
      { upTo: 250_000, price: 0.1 },
      { upTo: 1_000_000, price: 0.05 },
      { upTo: Number.POSITIVE_INFINITY, price: 0.02 },
    ],
    perThousandPutMetricData: 0.01,
  },
  config: {
    source: 'aws.amazon.com/config/pricing (rule evaluations per month, by tier)',
    evaluationTiers: [
      { upTo: 100_000, price: 0.001 },
      { upTo: 500_000, price: 0.0008 },
      { upTo: Number.POSITIVE_INFINITY, price: 0.0005 },
    ],
  },
} as const;

/** What AWS does on its own. */
export const AWS_BEHAVIOUR = {
  /**
   * An SQS event source mapping long-polls an idle queue with five pollers, 20 s each (docs.aws.amazon.com/lambda/
   * latest/dg/with-sqs.html, "Lambda starts ... five"): 15 ReceiveMessage requests a minute per queue.
   */
  idleReceivesPerQueueMinute: 15,
  /** A month of the bill: 30 days. */
  secondsPerMonth: 30 * 86_400,
};

export type Prices = typeof PRICES;

/** A tiered price for `quantity` units. */
export function tiered(quantity: number, tiers: readonly { upTo: number; price: number }[]): number {
  let dollars = 0;
  let from = 0;
  for (const tier of tiers) {
    const inTier = Math.max(0, Math.min(quantity, tier.upTo) - from);
    dollars += inTier * tier.price;
    from = tier.upTo;
  }
  return dollars;
}
