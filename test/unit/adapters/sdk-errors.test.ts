import { ConditionalCheckFailedException, DynamoDBServiceException, ProvisionedThroughputExceededException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { classifySdkError } from '../../../shared/adapters/sdk-errors.ts';
import { DependencyRejectedError, DependencyUnavailableError, isPermanent, ValidationError } from '../../../shared/domain/errors.ts';

const meta = { $metadata: {} };
const network = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

describe('classifying SDK failures', () => {
  it.each([
    ['throttling', new ProvisionedThroughputExceededException({ message: 'slow down', ...meta })],
    ['a service fault', new DynamoDBServiceException({ name: 'Whatever', $fault: 'server', message: 'boom', ...meta })],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a dropped connection', network('ECONNRESET')],
    ['a refused connection', network('ECONNREFUSED')],
    ['an HTTP 503 of unknown name', Object.assign(new Error('?'), { name: 'Odd', $metadata: { httpStatusCode: 503 } })],
  ])('takes %s as transient, keeping the SDK error as cause', (_, error) => {
    const classified = classifySdkError('DynamoDB', error);
    expect(classified).toBeInstanceOf(DependencyUnavailableError);
    expect(isPermanent(classified)).toBe(false);
    expect(classified.cause).toBe(error);
  });

  it.each([
    ['a validation refusal', new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'bad key', ...meta })],
    ['a missing table', new ResourceNotFoundException({ message: 'no table', ...meta })],
    ['an unexpected condition failure', new ConditionalCheckFailedException({ message: 'failed', ...meta })],
    ['a marshalling bug', new TypeError('Unsupported type passed: function')],
  ])('takes %s as permanent, naming the refusal', (_, error) => {
    const classified = classifySdkError('DynamoDB', error);
    expect(classified).toBeInstanceOf(DependencyRejectedError);
    expect(isPermanent(classified)).toBe(true);
    expect((classified as DependencyRejectedError).errorName).toBe(error.name);
    expect(classified.cause).toBe(error);
  });

  it("passes Fleetwarden's own errors through unchanged", () => {
    const own = new ValidationError('x', ['y']);
    expect(classifySdkError('SQS', own)).toBe(own);
  });
});
