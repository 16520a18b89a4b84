/** The store contracts (test/contract) on the DynamoDB adapters, against DynamoDB Local through the real SDK. */
import { AlarmLog } from '../../../shared/adapters/dynamo/alarm-log.ts';
import { OperatorAuditLog } from '../../../shared/adapters/dynamo/operator-audit-log.ts';
import { buildAuditDeps } from '../../../shared/runtime/audit-deps.ts';
import { ledgerStores } from '../../../shared/runtime/deps.ts';
import { remediationStores } from '../../../shared/runtime/remediation-deps.ts';
import { describeStoreContracts } from '../../contract/index.ts';
import { RecordingPublisher } from '../../support/deps.ts';
import { freshStack } from '../../support/stack.ts';

describeStoreContracts('DynamoDB Local', async () => {
  const stack = await freshStack();
  const { doc, tableName } = stack;
  const ledger = { ...ledgerStores(doc, tableName), events: new RecordingPublisher(), clock: () => new Date() };
  const audit = buildAuditDeps(ledger, doc, tableName, {} as never, { sendSegments: async () => undefined });
  return {
    ...ledger,
    ...remediationStores(doc, tableName),
    runs: audit.runs,
    findings: audit.findings,
    advisories: audit.advisories,
    images: audit.images,
    scanner: audit.scanner,
    alarms: new AlarmLog(doc, tableName),
    operatorLog: new OperatorAuditLog(doc, stack.resources.OperatorAuditTable?.ref ?? ''),
  };
});
