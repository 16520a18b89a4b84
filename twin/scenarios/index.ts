/** Every scenario the twin plays, by name (`npm run scenarios -- --scenario NAME`). */
import type { Scenario } from '../scenario.ts';
import { failingPlaybook } from './failing-playbook.ts';
import { flapping } from './flapping.ts';
import { observerStall } from './observer-stall.ts';
import { poisonMessage } from './poison-message.ts';
import { s3Day } from './s3-day.ts';
import { zoneOutage } from './zone-outage.ts';

export const SCENARIOS: readonly Scenario[] = [zoneOutage, observerStall, s3Day, failingPlaybook, flapping, poisonMessage];
