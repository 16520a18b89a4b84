/** The one structured JSON logger. Log the decision's keys: instanceId, from, to, playbook, taskId, correlationId. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'fleetwarden' });
