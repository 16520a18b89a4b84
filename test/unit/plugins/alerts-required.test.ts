/**
 * The decision of plugins/alerts-required.cjs for each combination of alert params; the packaged-template test
 * runs it inside a real `sls package`.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface Alerts {
  email?: string;
  httpsEndpoint?: string;
  pagerApiDestinationArn?: string;
  optOut?: string;
}
const plugin = createRequire(import.meta.url)('../../../plugins/alerts-required.cjs') as {
  alertsRefusal(stage: string, alerts: Alerts): string | undefined;
  alertsWarning(stage: string, alerts: Alerts): string | undefined;
};
const PAGER = 'arn:aws:events:eu-west-1:111122223333:api-destination/pagerduty/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab';
const NONE: Alerts = { email: '', httpsEndpoint: '', pagerApiDestinationArn: '', optOut: 'false' };

describe('the alert route a stage needs before it is packaged', () => {
  it('refuses a stage other than local without any route', () => {
    expect(plugin.alertsRefusal('prod', NONE)).toMatch(/^Stage prod has no alert route: its alarms and escalations would reach nobody\./);
  });

  it('lets the local stage package without one, and says nothing', () => {
    expect(plugin.alertsRefusal('local', NONE)).toBeUndefined();
    expect(plugin.alertsWarning('local', NONE)).toBeUndefined();
  });

  it('accepts an e-mail, an https endpoint or a pager, each on its own', () => {
    for (const route of [{ email: 'oncall@example.com' }, { httpsEndpoint: 'https://hooks.example.com/fleetwarden' }, { pagerApiDestinationArn: PAGER }]) {
      expect(plugin.alertsRefusal('prod', { ...NONE, ...route }), JSON.stringify(route)).toBeUndefined();
    }
  });

  it('warns when only a pager is set, since alarms on Fleetwarden itself then reach nobody', () => {
    expect(plugin.alertsWarning('prod', { ...NONE, pagerApiDestinationArn: PAGER })).toContain('alarms on Fleetwarden itself reach nobody');
    expect(plugin.alertsWarning('prod', { ...NONE, pagerApiDestinationArn: PAGER, email: 'oncall@example.com' })).toBeUndefined();
  });

  it('accepts an explicit opt-out with a warning, and nothing but true or false as one', () => {
    expect(plugin.alertsRefusal('prod', { ...NONE, optOut: 'true' })).toBeUndefined();
    expect(plugin.alertsWarning('prod', { ...NONE, optOut: 'true' })).toContain('opted out of alerts');
    expect(plugin.alertsRefusal('prod', { ...NONE, optOut: 'yes' })).toBe("Stage prod: alertsOptOut must be true or false, not 'yes'.");
  });

  it('refuses routes that could not reach anyone, even beside a good one', () => {
    expect(plugin.alertsRefusal('prod', { ...NONE, email: 'oncall@example.com', pagerApiDestinationArn: 'arn:aws:sns:eu-west-1:111122223333:pager' }))
      .toBe("Stage prod: pagerApiDestinationArn 'arn:aws:sns:eu-west-1:111122223333:pager' is not an EventBridge API destination ARN.");
    expect(plugin.alertsRefusal('prod', { ...NONE, email: 'on call@example.com' })).toContain('is not an e-mail address');
  });
});
