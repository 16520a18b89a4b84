/** Every warden command. Adding one means adding it here. */
import { auditLogCli } from './access.ts';
import { advisoryCli } from './advisories.ts';
import { auditCli } from './audits.ts';
import { detectionCli, detectionReleaseCli } from './detection.ts';
import { listCli, statusCli, transitionCli } from './ledger.ts';
import { replayCli } from './replay.ts';
import { remediateCli, showWithTasksCli, taskCli, tasksCli } from './remediation.ts';
import { freezeCli, freezesCli, incidentCli, incidentsCli, unfreezeCli } from './safety.ts';
import { reportCli } from './report.ts';
import { topCli } from './top.ts';
import type { CliCommand } from './types.ts';

export const CLI_COMMANDS: CliCommand[] = [statusCli, listCli, showWithTasksCli, transitionCli, replayCli, auditCli, advisoryCli,
  tasksCli, taskCli, remediateCli, freezeCli, unfreezeCli, freezesCli, incidentsCli, incidentCli, detectionCli, detectionReleaseCli,
  auditLogCli, topCli, reportCli,
];
