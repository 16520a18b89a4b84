/** The operator function's wiring: the shared stores, its own audit log table, and the stage's role mappings. */
import { OperatorAuditLog } from '../adapters/dynamo/operator-audit-log.ts';
import { checkMappings, type RoleMapping } from '../domain/access/roles.ts';
import type { OperatorDeps } from '../operator/command.ts';
import { documentClient } from './clients.ts';
import { ConfigurationError, requireEnv } from './config.ts';
import { runtimeDeps } from './deps.ts';

let deps: OperatorDeps | undefined;
let mappings: RoleMapping[] | undefined;

export function operatorDeps(): OperatorDeps {
  deps ??= { ...runtimeDeps(), audit: new OperatorAuditLog(documentClient(), requireEnv('OPERATOR_AUDIT_TABLE')) };
  return deps;
}

/**
 * OPERATOR_ROLES: JSON `[{"principal": ARN or pattern, "role": "viewer" | "operator" | "breakglass"}]` from the
 * stage's `operatorRoles` parameter (docs/SECURITY.md). An empty list refuses everyone.
 * @throws ConfigurationError naming each bad entry: a wrong mapping must not deploy quietly.
 */
export function operatorRoles(env: NodeJS.ProcessEnv = process.env): RoleMapping[] {
  if (mappings !== undefined && env === process.env) return mappings;
  const raw = env.OPERATOR_ROLES ?? '[]';
  let parsed: RoleMapping[];
  try {
    parsed = checkMappings(JSON.parse(raw));
  } catch (error) {
    throw new ConfigurationError(`OPERATOR_ROLES (the stage's operatorRoles parameter) is wrong: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (env === process.env) mappings = parsed;
  return parsed;
}
