/** Every scenario the twin plays, by name (`npm run scenarios -- --scenario NAME`). */
import type { Scenario } from '../scenario.ts';
import { zoneOutage } from './zone-outage.ts';

export const SCENARIOS: readonly Scenario[] = [zoneOutage];
