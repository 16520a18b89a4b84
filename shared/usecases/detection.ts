/**
 * Before each sweep judges silence, it judges the observer: how far heartbeat intake has got (the watermark),
 * whether Fleetwarden itself had a gap, and whether the silence it sees is plausible. It records the detection hold,
 * and says so once: `DetectionHeld` and one page when a hold starts, `DetectionResumed` when it clears, one more page
 * if it outlasts its ceiling. Overlapping sweeps save the hold conditionally; only the one that saved announces.
 */
import { detectionHeld, detectionResumed, escalationRaised, type DomainEvent } from '../domain/events.ts';
import type { Service } from '../domain/instance.ts';
import { assessDetection, holdSummary, type Assessment, type DetectionState, type HoldReason, type ObserverConfig } from '../domain/observer/hold.ts';
import { implausibleScopes } from '../domain/observer/implausible.ts';
import { ingestionWatermark, silentSeconds, sweeperGap, type ObserverGap } from '../domain/observer/watermark.ts';
import type { BacklogPort, CellRecord, ObserverPort } from './detection/ports.ts';
import type { Clock, EventPublisher } from './ledger/ports.ts';

export interface DetectionDeps {
  observer: ObserverPort;
  backlog: BacklogPort;
  observerConfig: ObserverConfig;
  events: EventPublisher;
  clock: Clock;
}

export interface DetectionView {
  watermark?: string;
  lagSeconds?: number;
  gapEndedAt?: string;
  heldServices: Service[];
  reasons: HoldReason[];
}

const latest = (a: ObserverGap | undefined, b: ObserverGap | undefined) =>
  a === undefined ? b : b === undefined || Date.parse(a.endedAt) >= Date.parse(b.endedAt) ? a : b;

export async function observeDetection(deps: DetectionDeps, cells: readonly CellRecord[], now: Date, thresholdSeconds: number): Promise<DetectionView> {
  const config = deps.observerConfig;
  const [record, backlog] = await Promise.all([deps.observer.read(), deps.backlog.waiting()]);
  const paused = sweeperGap(record.lastSweepAt, now, config.sweeperGapSeconds);
  if (paused !== undefined) await deps.observer.recordGap(paused);
  const gap = latest(paused, record.gap);
  const watermark = ingestionWatermark(backlog, record.intake, now);
  const quiet = cells.map((cell) => ({
    cellId: cell.cellId,
    services: cell.services,
    quiet: watermark.at !== undefined && cell.lastSeenAt !== undefined && silentSeconds(cell.lastSeenAt, watermark.at, gap?.endedAt) >= config.lagSeconds,
    ...(cell.zone === undefined ? {} : { zone: cell.zone }),
  }));
  const observed = { now, watermark, implausible: implausibleScopes(quiet, config.implausible), thresholdSeconds, ...(gap === undefined ? {} : { gap }) };
  const assessment = assessDetection(record, observed, config);
  if (await deps.observer.saveDetection(assessment.state, now.toISOString(), record.version)) await announce(deps, record, assessment, now);
  const view: DetectionView = { heldServices: assessment.heldServices, reasons: assessment.state.hold?.reasons ?? [] };
  if (watermark.at !== undefined) view.watermark = watermark.at;
  if (watermark.lagSeconds !== undefined) view.lagSeconds = watermark.lagSeconds;
  if (gap !== undefined) view.gapEndedAt = gap.endedAt;
  return view;
}

async function announce(deps: DetectionDeps, previous: DetectionState, assessment: Assessment, now: Date): Promise<void> {
  const { hold } = assessment.state;
  const events: DomainEvent[] = [];
  if (assessment.notices.includes('resumed') && previous.hold !== undefined) {
    events.push(detectionResumed(previous.hold, now, assessment.state.scopes));
  }
  if (hold !== undefined && assessment.notices.includes('held')) {
    const summary = holdSummary(assessment.state);
    events.push(detectionHeld(assessment.state, summary));
    events.push(escalationRaised({ kind: 'detection', severity: 'critical', summary, since: hold.since, reasons: hold.reasons, at: now.toISOString() }, `escalation#detection:${hold.since}`));
  }
  if (hold !== undefined && assessment.notices.includes('ceiling')) {
    const heldFor = Math.round((now.getTime() - Date.parse(hold.since)) / 1000);
    const summary = `detection has been held for ${heldFor} s, past its ceiling: ${holdSummary(assessment.state)} Check the heartbeat queue and the sweeper (docs/RUNBOOK.md).`;
    events.push(escalationRaised({ kind: 'detection', severity: 'critical', summary, since: hold.since, reasons: hold.reasons, at: now.toISOString() }, `escalation#detection:${hold.since}:ceiling`));
  }
  if (events.length === 0) return;
  await deps.events.publish(events);
  if (hold !== undefined && assessment.notices.includes('held')) await deps.observer.markAnnounced(hold.since, now.toISOString());
}
