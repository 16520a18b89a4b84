/** What alarm intake needs. Runtime wiring: shared/runtime/alarm-intake.ts. */
import type { AlarmMappingConfig } from '../../domain/alarms/index.ts';
import type { ConditionDeps } from '../conditions.ts';
import type { InstanceFinderPort, InstanceStorePort } from '../ledger/ports.ts';
import type { AlarmLogPort, AlarmTagSource } from './ports.ts';

export interface AlarmIntakeDeps extends ConditionDeps {
  /** Alarms name ids the ledger may not know: intake finds them before changing anything. */
  store: InstanceStorePort & InstanceFinderPort;
  alarmLog: AlarmLogPort;
  mapping: AlarmMappingConfig;
  /** The alarm's own tags, when tag lookup is on (deployed); absent locally, where CloudWatch is not emulated. */
  alarmTags?: AlarmTagSource;
}
