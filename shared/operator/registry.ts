/** Every operator command, by name. Adding a command means adding it here. */
import { advisoryAdd, advisoryShow, auditReportCommand, auditRun, auditStatusCommand } from './audit-commands.ts';
import type { OperatorCommand } from './command.ts';
import { detectionCommand, detectionReleaseCommand } from './detection-commands.ts';
import { auditLogCommand, list, registerCommand, show, status, transitionCommand } from './ledger-commands.ts';
import { automationReportCommand, remediateCommand, taskCommand, tasksCommand, withTasks } from './remediation-commands.ts';
import { freezeCommand, freezesCommand, incidentCommand, incidentsCommand, unfreezeCommand } from './safety-commands.ts';

export const COMMANDS: ReadonlyMap<string, OperatorCommand> = new Map(
  [status, list, withTasks(show), transitionCommand, registerCommand, auditRun, auditStatusCommand, auditReportCommand, advisoryAdd, advisoryShow,
    tasksCommand, taskCommand, remediateCommand, freezeCommand, unfreezeCommand, freezesCommand, incidentsCommand, incidentCommand,
    detectionCommand, detectionReleaseCommand, auditLogCommand, automationReportCommand,
  ].map((c) => [c.name, c]),
);
