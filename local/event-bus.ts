/**
 * A local stand-in for EventBridge's PutEvents endpoint (the JSON 1.1 protocol the real SDK speaks). Each
 * event is matched against the rules serverless.yml declares and delivered asynchronously, as EventBridge
 * invokes Lambda: on error, two more tries, then the function's onFailure queue with the error as reason.
 */
import { randomUUID } from 'node:crypto';
import { matchesPattern } from './event-pattern.ts';
import { startJsonServer, type LocalServer } from './http.ts';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface BusRule {
  functionName: string;
  busName: string;
  pattern: Record<string, unknown>;
  deliver: (event: BusEvent) => Promise<void>;
}

export interface LocalBus extends LocalServer {
  rules: BusRule[];
  onEvent(listener: (event: BusEvent, busName: string) => void): void;
  put(busName: string, event: Omit<BusEvent, 'version' | 'id' | 'account' | 'region' | 'time'> & { time?: string }): Promise<void>;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string;
}

/** `log` hears what goes wrong in a delivery that nobody awaits (a listener or a rule's target that threw). */
export async function startLocalBus(region: string, log: (line: string) => void = console.error): Promise<LocalBus> {
  const rules: BusRule[] = [];
  const listeners: ((event: BusEvent, busName: string) => void)[] = [];
  const report = (what: string) => (error: unknown) => log(`event bus: ${what}: ${error instanceof Error ? error.message : String(error)}`);

  const dispatch = async (busName: string, event: BusEvent) => {
    for (const listener of listeners) {
      try {
        listener(event, busName);
      } catch (error) {
        report(`a listener failed on ${event.id}`)(error);
      }
    }
    const matching = rules.filter((rule) => rule.busName === busName && matchesPattern(rule.pattern, event as unknown as Record<string, unknown>));
    await Promise.all(matching.map((rule) => rule.deliver(event).catch(report(`${rule.functionName} did not take ${event.id}`))));
  };

  const server = await startJsonServer(async (req, body) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'AWSEvents.PutEvents') return { status: 400, body: { __type: 'UnknownOperationException', message: target } };
    const { Entries = [] } = JSON.parse(body) as { Entries?: PutEventsEntry[] };
    const results = Entries.map((entry) => {
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail ?? '{}');
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
      }
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType ?? '',
        source: entry.Source ?? '',
        account: '000000000000',
        time: entry.Time ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: entry.Resources ?? [],
        detail,
      };
      void dispatch(entry.EventBusName ?? 'default', event);
      return { EventId: event.id };
    });
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return { status: 200, body: { FailedEntryCount: failed, Entries: results } };
  });

  return {
    ...server,
    rules,
    onEvent: (listener) => listeners.push(listener),
    put: (busName, partial) =>
      dispatch(busName, {
        version: '0',
        id: randomUUID(),
        account: '000000000000',
        region,
        time: partial.time ?? new Date().toISOString(),
        ...partial,
      }),
  };
}
