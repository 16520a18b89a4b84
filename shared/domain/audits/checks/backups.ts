import * as z from 'zod';
import { defineCheck } from '../check.ts';
import { AUDIT_CONDITIONS } from '../conditions.ts';
import { makeFinding } from '../finding.ts';
import { ageMs, DAY_MS, HOUR_MS } from './time.ts';

// Edges: an age equal to the limit passes; one millisecond more fails ("older than", strictly).

/** Backups must be recent; an instance never backed up past its grace period is critical and urgent. */
export const backupsRecent = defineCheck({
  name: 'backups.recent',
  family: 'backups',
  title: 'Backups are recent',
  description:
    'The last successful backup is at most maxAgeHours old. An instance with no backup at all is ' +
    'critical once it has existed for maxAgeHours (a new instance gets that long for its first one).',
  options: z.strictObject({ maxAgeHours: z.number().positive().default(24) }),
  evaluate(instance, _ctx, now, { maxAgeHours }) {
    const limitMs = maxAgeHours * HOUR_MS;
    const lastSuccessAt = instance.backup?.lastSuccessAt;
    if (lastSuccessAt === undefined) {
      if (ageMs(instance.createdAt, now) <= limitMs) return [];
      return [
        makeFinding('backups.recent', instance, {
          severity: 'critical',
          condition: AUDIT_CONDITIONS.backupStale,
          urgent: true,
          message: `No successful backup ever, and the instance was created at ${instance.createdAt}.`,
        }),
      ];
    }
    if (ageMs(lastSuccessAt, now) <= limitMs) return [];
    return [
      makeFinding('backups.recent', instance, {
        severity: 'high',
        condition: AUDIT_CONDITIONS.backupStale,
        message: `The last successful backup, at ${lastSuccessAt}, is older than ${maxAgeHours} h.`,
      }),
    ];
  },
});

/** A backup nobody has restored is a hope, not a backup. Info-only: no fleet action runs a restore test. */
export const backupsRestoreTested = defineCheck({
  name: 'backups.restore-tested',
  family: 'backups',
  title: 'Backups have been test-restored',
  description:
    'A backup was restored as a test within maxAgeDays. Never tested counts from when the instance was ' +
    'created, so a new instance has maxAgeDays before it fails.',
  options: z.strictObject({ maxAgeDays: z.number().positive().default(30) }),
  evaluate(instance, _ctx, now, { maxAgeDays }) {
    const testedAt = instance.backup?.lastRestoreTestAt;
    if (ageMs(testedAt ?? instance.createdAt, now) <= maxAgeDays * DAY_MS) return [];
    const message =
      testedAt === undefined
        ? `No backup has ever been test-restored (instance created ${instance.createdAt}).`
        : `The last restore test, at ${testedAt}, is older than ${maxAgeDays} days.`;
    return [makeFinding('backups.restore-tested', instance, { severity: 'medium', message })];
  },
});
