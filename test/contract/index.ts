/** Every store contract, for one kind of adapter: the two runners (memory, DynamoDB Local) call this. */
import { describeAuditContract } from './audit.contract.ts';
import { describeLedgerContract } from './ledger.contract.ts';
import { describeLivenessContract } from './liveness.contract.ts';
import { describeRemediationContract } from './remediation.contract.ts';
import type { MakeStores } from './stores.ts';

export function describeStoreContracts(name: string, make: MakeStores): void {
  describeLedgerContract(name, make);
  describeLivenessContract(name, make);
  describeRemediationContract(name, make);
  describeAuditContract(name, make);
}
