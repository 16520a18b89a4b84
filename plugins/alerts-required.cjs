'use strict';
// The alarms on Fleetwarden itself and its escalations are worth nothing if they reach nobody: a stage other than
// `local` is packaged (and so deployed) only with somewhere for them to go, an alert subscription on the alerts topic
// or a pager route, or with an explicit opt-out (docs/SECURITY.md, "Alerts that reach someone"). The values come
// from `custom.alerts` in serverless.yml, which the framework has resolved from the stage's params by now.
const LOCAL_STAGES = new Set(['local']);

/**
 * Why this stage may not be packaged as configured, or undefined when it may. `alerts` holds the resolved params:
 * email, httpsEndpoint, pagerApiDestinationArn and optOut ('true' or 'false').
 */
function alertsRefusal(stage, alerts) {
  if (LOCAL_STAGES.has(stage)) return undefined;
  const email = String(alerts.email ?? '');
  const httpsEndpoint = String(alerts.httpsEndpoint ?? '');
  const pager = String(alerts.pagerApiDestinationArn ?? '');
  const optOut = String(alerts.optOut ?? 'false');
  const problems = [];
  if (email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push(`alertEmail '${email}' is not an e-mail address`);
  if (httpsEndpoint !== '' && !/^https:\/\/[^\s/]+/.test(httpsEndpoint)) problems.push(`alertHttpsEndpoint '${httpsEndpoint}' is not an https:// URL`);
  if (pager !== '' && !/^arn:aws[a-z-]*:events:[^:]+:\d{12}:api-destination\/.+/.test(pager)) {
    problems.push(`pagerApiDestinationArn '${pager}' is not an EventBridge API destination ARN`);
  }
  if (optOut !== 'true' && optOut !== 'false') problems.push(`alertsOptOut must be true or false, not '${optOut}'`);
  if (problems.length > 0) return `Stage ${stage}: ${problems.join('; ')}.`;
  if (email !== '' || httpsEndpoint !== '' || pager !== '' || optOut === 'true') return undefined;
  return [
    `Stage ${stage} has no alert route: its alarms and escalations would reach nobody.`,
    'Pass at least one of --param alertEmail=<address>, --param alertHttpsEndpoint=<https URL> (subscriptions on the',
    'alerts topic) or --param pagerApiDestinationArn=<arn> (escalations to a pager), or opt out explicitly with',
    '--param alertsOptOut=true (docs/SECURITY.md: "Alerts that reach someone").',
  ].join(' ');
}

/** What still reaches nobody although packaging may go on, for a warning. */
function alertsWarning(stage, alerts) {
  if (LOCAL_STAGES.has(stage)) return undefined;
  const subscribed = String(alerts.email ?? '') !== '' || String(alerts.httpsEndpoint ?? '') !== '';
  if (String(alerts.optOut) === 'true' && !subscribed && String(alerts.pagerApiDestinationArn ?? '') === '') {
    return `Stage ${stage} opted out of alerts (alertsOptOut=true): its alarms and escalations reach nobody until someone subscribes to the alerts topic.`;
  }
  if (!subscribed && String(alerts.pagerApiDestinationArn ?? '') !== '') {
    return `Stage ${stage} pages escalations but has no subscription on the alerts topic: alarms on Fleetwarden itself reach nobody.`;
  }
  return undefined;
}

class AlertsRequired {
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.log = utils?.log;
    this.hooks = { 'before:package:initialize': () => this.check() };
  }

  check() {
    const stage = this.serverless.getProvider('aws').getStage();
    const alerts = this.serverless.service.custom?.alerts ?? {};
    const refusal = alertsRefusal(stage, alerts);
    if (refusal !== undefined) throw new this.serverless.classes.Error(refusal, 'FLEETWARDEN_NO_ALERT_ROUTE');
    const warning = alertsWarning(stage, alerts);
    if (warning !== undefined) this.log?.warning(warning);
  }
}

module.exports = AlertsRequired;
module.exports.alertsRefusal = alertsRefusal;
module.exports.alertsWarning = alertsWarning;
