/** warden replay FILE|DIR...: recorded events through the local stack's functions, one outcome per event. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { loadServerlessConfig } from '../../local/serverless-config.ts';
import { describeError, UnsupportedEventError } from '../../shared/domain/errors.ts';
import { parseJson } from '../../shared/runtime/parse.ts';
import { describeOutcome, summarize, type ReplayOutcome } from '../replay/outcome.ts';
import { replayRules, routeEvent, type ReplayRule } from '../replay/route.ts';
import { CliError, REPO_ROOT, type Target } from '../target.ts';
import type { CliCommand } from './types.ts';

export const replayCli: CliCommand = {
  name: 'replay',
  usage: 'warden replay FILE|DIR... [--json]',
  summary: 'send recorded events (alarms, heartbeats, fleet events) through the local stack, one outcome per event',
  examples: ['warden replay events/', 'warden replay events/alarm-disk-full-eventbridge.json --json', 'warden replay events/ --dry-run'],
  options: {},
  positionals: ['FILE|DIR...'],
  /** Which function each event would go to; nothing is invoked. */
  async preview({ target, print, json, positionals }) {
    if (target.local === undefined) throw new CliError('replay sends recorded events to the local stack only (`npm start`)', 2);
    const rules = replayRules(loadServerlessConfig({ stage: target.local.stage, region: target.local.region, root: REPO_ROOT }));
    for (const file of positionals.flatMap(eventFiles)) {
      let route: ReturnType<typeof routeEvent> | { unsupported: string };
      try {
        route = routeEvent(parseJson(readFileSync(file, 'utf8'), 'recorded event'), rules);
      } catch (error) {
        route = { unsupported: describeError(error) };
      }
      const to = 'unsupported' in route ? null : route.functionKeys;
      print(json
        ? JSON.stringify({ dryRun: true, file, functions: to, error: 'unsupported' in route ? route.unsupported : null })
        : `dry run: ${file} would go to ${to === null ? `nothing (${'unsupported' in route ? route.unsupported : ''})` : to.join(', ')}; nothing was sent`);
    }
    return true;
  },
  async run({ target, print, json, positionals, values }) {
    if (values.stage !== undefined || target.local === undefined) {
      throw new CliError('replay sends recorded events to the local stack only (`npm start`); it would act on a deployed fleet', 2);
    }
    const files = positionals.flatMap(eventFiles);
    const rules = replayRules(loadServerlessConfig({ stage: target.local.stage, region: target.local.region, root: REPO_ROOT }));
    let rejected = 0;
    for (const file of files) {
      const outcome = await replayFile(target, rules, file);
      if (!outcome.accepted) rejected += 1;
      print(json ? JSON.stringify(outcome) : describeOutcome(outcome));
    }
    if (rejected > 0) throw new CliError(`${rejected} of ${files.length} event(s) were not accepted`);
  },
};

/** A file as given; a directory's *.json files in name order (name them to set the order of a sequence). */
function eventFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new CliError(`no such file or directory: ${path}`, 2);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new CliError(`no .json files in ${path}`, 2);
  return files.map((name) => join(path, name));
}

async function replayFile(target: Target, rules: readonly ReplayRule[], file: string): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { file, function: null, accepted: false, instanceIds: [], unknownIds: [], condition: null, action: null, unmatched: false, error: null };
  let event: unknown;
  try {
    event = parseJson(readFileSync(file, 'utf8'), 'recorded event');
  } catch (error) {
    return { ...outcome, error: describeError(error) };
  }
  const route = routeEvent(event, rules);
  if ('unsupported' in route) return { ...outcome, error: describeError(new UnsupportedEventError(route.unsupported)) };
  outcome.function = route.functionKeys.join(',');
  const records = countRecords(route.payload);
  for (const key of route.functionKeys) {
    const answer = await invoke(target, key, route.payload);
    if ('error' in answer) return { ...outcome, error: answer.error };
    const { error, ...summary } = summarize(answer.result, records);
    if (error !== undefined) return { ...outcome, ...summary, error };
    Object.assign(outcome, summary);
  }
  return { ...outcome, accepted: true };
}

/** A synchronous invoke; a function error is an answer here, not a failure of the command. */
async function invoke(target: Target, key: string, payload: unknown): Promise<{ result: unknown } | { error: string }> {
  try {
    const out = await target.client.send(
      new InvokeCommand({ FunctionName: target.functionName(key), Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
    );
    const body: unknown = out.Payload ? JSON.parse(new TextDecoder().decode(out.Payload)) : null;
    if (out.FunctionError === undefined) return { result: body };
    const err = (body ?? {}) as { errorType?: string; errorMessage?: string };
    return { error: `${err.errorType ?? 'Error'}: ${err.errorMessage ?? out.FunctionError}` };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function countRecords(payload: unknown): number {
  const records = (payload as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) ? records.length : 1;
}
