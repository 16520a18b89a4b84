/**
 * Reads the end of a local run against what was injected: every instance that silence left `uncertain` or
 * `unavailable` should be one a fault was injected into. One that is not is a false alarm (detection misjudged it)
 * or an injected fault the summary missed; either way the summary names it.
 */
import type { Instance } from '../shared/domain/instance.ts';

type Invoke = (key: string, event: unknown) => Promise<unknown>;

export interface SilenceCheck {
  uncertainOrUnavailable: number;
  explainedByFaults: number;
  /** Marked silent with no fault injected into them: false alarms. */
  unexplained: string[];
}

export async function checkAgainstFaults(invoke: Invoke, victims: ReadonlyMap<string, string>): Promise<SilenceCheck> {
  const list = async (state: string) => {
    const out = (await invoke('operator', { command: 'list', note: 'npm-start', input: { state, limit: 10_000 } })) as { result?: Instance[] };
    return out.result ?? [];
  };
  const marked = [...(await list('uncertain')), ...(await list('unavailable'))];
  const unexplained = marked.filter((i) => !victims.has(i.id)).map((i) => i.id).sort();
  return { uncertainOrUnavailable: marked.length, explainedByFaults: marked.length - unexplained.length, unexplained };
}
