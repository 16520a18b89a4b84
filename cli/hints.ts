/** What to do next after a failure: close instance ids for an unknown one. */
import type { Instance } from '../shared/domain/instance.ts';
import { closeIds } from './format.ts';
import { callOperator } from './operator-call.ts';
import type { CliError, Target } from './target.ts';

/** How many instances the CLI reads to suggest close ids (the list command's own bound). */
const SUGGEST_FROM = 10_000;

export async function nextStep(error: CliError, target: Target): Promise<string | undefined> {
  if (/Could not load credentials/i.test(error.message)) {
    return 'no AWS credentials: sign in first (`aws sso login --profile NAME`, then AWS_PROFILE=NAME), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  if (/ECONNREFUSED/.test(error.message)) {
    return target.local === undefined ? 'check the stage and region (--stage, --region)' : 'the local stack does not answer: is `npm start` still running? Start it again with `npm start`';
  }
  const unknown = /no instance (\S+) is registered/.exec(error.message)?.[1];
  if (unknown === undefined) return undefined;
  const known = ((await callOperator(target, 'list', { limit: SUGGEST_FROM })) as Instance[]).map((i) => i.id);
  const close = closeIds(unknown, known);
  if (close.length > 0) return `did you mean ${close.join(', ')}?`;
  return 'see the registered ones with: warden list --limit 20';
}
