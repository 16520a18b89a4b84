/** The store contracts (test/contract) on the memory adapters. */
import { memoryAuditStores, memoryLedgerStores, memoryRemediationStores, MemoryTables } from '../../../shared/adapters/memory/index.ts';
import { MemoryAlarmLog } from '../../../shared/adapters/memory/alarm-log.ts';
import { MemoryOperatorAuditLog } from '../../../shared/adapters/memory/operator-audit-log.ts';
import { describeStoreContracts } from '../../contract/index.ts';
import type { ContractStores } from '../../contract/stores.ts';

function memoryStores(db = new MemoryTables()): ContractStores {
  return {
    ...memoryLedgerStores(db),
    ...memoryRemediationStores(db),
    ...memoryAuditStores(db),
    alarms: new MemoryAlarmLog(db),
    operatorLog: new MemoryOperatorAuditLog(db),
  };
}

describeStoreContracts('memory', async () => memoryStores());
