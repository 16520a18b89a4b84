/**
 * The fault suite's view of every AWS call: a middleware on an SDK client records each call made inside
 * `observe(...)` (service, command, whether it writes), and can make the k-th call fail with a chosen fault, or
 * "crash" the process there (that call and every later one of the same run fail, as if the worker died).
 * Calls outside `observe` (setup, checks) pass untouched. Faults are injected above the SDK's own retries, so a
 * fault is exactly one failed call as the application sees it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const FAULT_KINDS = ['throttling', 'timeout', 'network', 'partial', 'condition'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Call {
  service: string;
  command: string;
  writes: boolean;
  /** A send to a dead-letter queue (the record's own outcome, not an effect of its content). */
  deadLetter: boolean;
  /** A write of the heartbeat intake mark (a delivery was handled, whatever its content). */
  intakeMark: boolean;
  /** A write to the operator's audit log: every call is recorded there, a rejected one included. */
  auditLog: boolean;
  /** For a dead-letter send: its `kind` and `reason` attributes. */
  deadLetterKind?: string;
  deadLetterReason?: string;
  /** Whether the service answered without an error (a write refused by its condition wrote nothing). */
  succeeded?: boolean;
  /** Set when a fault or crash was injected at this call. */
  injected?: FaultKind | 'crash';
}

export interface Observation {
  calls: Call[];
  /** 1-based index of the call to fail, and how. */
  fault?: { at: number; kind: FaultKind | 'crash' };
  crashed: boolean;
}

const WRITES = new Set([
  'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems',
  'SendMessage', 'SendMessageBatch', 'DeleteMessage', 'ChangeMessageVisibility', 'PutEvents',
]);

const current = new AsyncLocalStorage<Observation>();

export class CrashError extends Error {
  override name = 'FaultSuiteCrash';
}

export function observe<T>(work: () => Promise<T>, fault?: Observation['fault']): Promise<{ value?: T; error?: unknown; observation: Observation }> {
  const observation: Observation = { calls: [], crashed: false, ...(fault === undefined ? {} : { fault }) };
  return current.run(observation, async () => {
    try {
      return { value: await work(), observation };
    } catch (error) {
      return { error, observation };
    }
  });
}

interface Stackable {
  middlewareStack: { add(middleware: unknown, options: { step: string; name: string }): void };
}

const installed = new WeakSet<object>();

/** Installs the recorder on a client (once). `service`: dynamodb, sqs or events. */
export function instrument(client: unknown, service: string): void {
  const target = client as Stackable;
  if (installed.has(target)) return;
  installed.add(target);
  // The build step runs after marshalling and before the retry strategy: outputs returned here are unmarshalled
  // by the document client as real responses are, and errors thrown here are not retried by the SDK.
  target.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const observation = current.getStore();
      if (observation === undefined) return next(args);
      const command = String(context.commandName).replace(/Command$/, '');
      const call: Call = {
        service,
        command,
        writes: WRITES.has(command),
        deadLetter: service === 'sqs' && command === 'SendMessage' && /dead-?letter|dlq/i.test(String(args.input.QueueUrl)),
        intakeMark: service === 'dynamodb' && JSON.stringify(args.input.Key ?? {}).includes('"DETECTION"'),
        auditLog: service === 'dynamodb' && String(args.input.TableName ?? '').endsWith('-operator-audit'),
      };
      if (call.deadLetter) {
        const attributes = (args.input.MessageAttributes ?? {}) as Record<string, { StringValue?: string }>;
        call.deadLetterKind = attributes.kind?.StringValue;
        call.deadLetterReason = attributes.reason?.StringValue;
      }
      observation.calls.push(call);
      if (observation.crashed) throw new CrashError('the worker is gone');
      const fault = observation.fault;
      if (fault === undefined || fault.at !== observation.calls.length) {
        const output = await next(args);
        call.succeeded = true;
        return output;
      }
      if (fault.kind === 'crash') {
        observation.crashed = true;
        call.injected = 'crash';
        throw new CrashError(`crashed at call ${fault.at} (${service} ${command})`);
      }
      const injected = inject(fault.kind, service, command, args.input);
      if (injected === undefined) {
        const output = await next(args);
        call.succeeded = true;
        return output;
      }
      call.injected = fault.kind;
      if (injected instanceof Error) throw injected;
      return injected;
    },
    { step: 'build', name: 'fleetwarden-fault-suite' },
  );
}

function sdkError(name: string, fault: 'client' | 'server', extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`injected ${name}`), { name, $fault: fault, $metadata: { httpStatusCode: fault === 'server' ? 500 : 400 }, ...extra });
}

/** The injected failure, or a fake partial answer; undefined when the kind does not apply to this command. */
function inject(kind: FaultKind, service: string, command: string, input: Record<string, unknown>): Error | { output: unknown; response: unknown } | undefined {
  switch (kind) {
    case 'throttling':
      return service === 'dynamodb'
        ? sdkError('ProvisionedThroughputExceededException', 'client', { $retryable: { throttling: true } })
        : sdkError('ThrottlingException', 'client', { $retryable: { throttling: true } });
    case 'timeout':
      return Object.assign(new Error('injected: request timed out'), { name: 'TimeoutError' });
    case 'network':
      return Object.assign(new Error('injected: socket hang up'), { code: 'ECONNRESET' });
    case 'partial':
      return partial(command, input);
    case 'condition':
      return condition(command, input);
  }
}

const answer = (output: Record<string, unknown>) => ({ output: { $metadata: {}, ...output }, response: {} });

function partial(command: string, input: Record<string, unknown>) {
  if (command === 'BatchWriteItem') return answer({ UnprocessedItems: input.RequestItems });
  if (command === 'SendMessageBatch') {
    const entries = (input.Entries ?? []) as { Id: string }[];
    return answer({ Successful: [], Failed: entries.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) });
  }
  if (command === 'PutEvents') {
    const entries = (input.Entries ?? []) as unknown[];
    return answer({ FailedEntryCount: entries.length, Entries: entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected' })) });
  }
  return undefined;
}

function condition(command: string, input: Record<string, unknown>) {
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(command) && input.ConditionExpression !== undefined) {
    return sdkError('ConditionalCheckFailedException', 'client');
  }
  if (command === 'TransactWriteItems') {
    const items = (input.TransactItems ?? []) as Record<string, { ConditionExpression?: string }>[];
    const first = items.findIndex((item) => Object.values(item).some((op) => op.ConditionExpression !== undefined));
    if (first < 0) return undefined;
    const reasons = items.map((_, i) => ({ Code: i === first ? 'ConditionalCheckFailed' : 'None' }));
    return sdkError('TransactionCanceledException', 'client', { CancellationReasons: reasons });
  }
  return undefined;
}

/** The distinct call sites of some runs: service and command. */
export function callSites(calls: readonly Call[]): Set<string> {
  return new Set(calls.map((c) => `${c.service}:${c.command}`));
}
