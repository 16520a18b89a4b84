/** `warden report automation`: the remediation tasks of the last days, from the ledger, as the return on automation. */
import { automationReport, minutesPerAction, type AutomationReport } from '../../domain/remediation/automation-report.ts';
import type { IncidentPort, TaskStorePort } from './ports.ts';

export interface AutomationDeps {
  tasks: Pick<TaskStorePort, 'recentIds' | 'findMany'>;
  incidents: Pick<IncidentPort, 'list'>;
  clock: () => Date;
}

export async function automationFigures(deps: AutomationDeps, days: number, minutes: Readonly<Record<string, number>> = {}): Promise<AutomationReport> {
  minutesPerAction(minutes); // a bad price is refused before anything is read
  const now = deps.clock();
  const from = now.getTime() - days * 86_400_000;
  const [stored, incidents] = await Promise.all([deps.tasks.recentIds(now, days + 1).then((ids) => deps.tasks.findMany(ids)), deps.incidents.list()]);
  const tasks = stored.map(({ task, resolution }) => ({ ...task, obsolete: resolution === 'obsolete' }));
  const pagedIncidents = incidents.filter((i) => i.paged && Date.parse(i.openedAt) >= from).length;
  return automationReport({ tasks, pagedIncidents, days, now, minutes });
}
