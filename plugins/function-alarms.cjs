'use strict';
// Alarms on Fleetwarden itself, one per function: any error in five minutes tells the on-call through the
// alerts topic. Generated here so that a new function cannot be deployed without its alarm.
class FunctionAlarms {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.addAlarms() };
  }

  addAlarms() {
    const service = this.serverless.service;
    const naming = this.serverless.getProvider('aws').naming;
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    for (const name of service.getAllFunctions()) {
      const functionName = service.getFunction(name).name;
      resources[`${naming.getNormalizedFunctionName(name)}ErrorsAlarm`] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: `${functionName}-errors`,
          AlarmDescription: `${functionName} failed at least once in 5 minutes (see docs/RUNBOOK.md)`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: functionName }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: 'AlertsTopic' }],
          OKActions: [{ Ref: 'AlertsTopic' }],
        },
      };
    }
  }
}

module.exports = FunctionAlarms;
