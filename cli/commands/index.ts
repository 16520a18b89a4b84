/** Every warden command. Adding one means adding it here. */
import { listCli, showCli, statusCli, transitionCli } from './ledger.ts';
import type { CliCommand } from './types.ts';

export const CLI_COMMANDS: CliCommand[] = [statusCli, listCli, showCli, transitionCli];
