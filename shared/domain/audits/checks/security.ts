import * as z from 'zod';
import type { ImageRef } from '../../instance.ts';
import { affectsImage, imageKey, isActiveAdvisory } from '../advisories.ts';
import { defineCheck } from '../check.ts';
import { AUDIT_CONDITIONS } from '../conditions.ts';
import { makeFinding, SEVERITIES, severityRank } from '../finding.ts';
import { planFor } from '../plans.ts';
import { ageMs, DAY_MS } from './time.ts';

const IMAGE = 'security.image-advisories';
const TLS = 'security.tls';
const CREDENTIALS = 'security.credentials-age';
const PUBLIC = 'security.public-access';

/** One finding per active advisory that matches the instance's image, with the advisory's severity. */
export const securityImageAdvisories = defineCheck({
  name: IMAGE,
  family: 'security',
  title: 'Runs software with no known security hole',
  description:
    "The instance's image is not affected by an active advisory. Findings at or above urgentAtSeverity " +
    'are remediated at once instead of in the maintenance window.',
  options: z.strictObject({ urgentAtSeverity: z.enum(SEVERITIES).default('critical') }),
  evaluate(instance, ctx, now, { urgentAtSeverity }) {
    const image = imageKey(instance.image);
    return ctx.advisories
      .filter((advisory) => isActiveAdvisory(advisory, now) && affectsImage(advisory, instance.image))
      .map((advisory) =>
        makeFinding(IMAGE, instance, {
          severity: advisory.severity,
          condition: AUDIT_CONDITIONS.vulnerableImage,
          urgent: severityRank(advisory.severity) >= severityRank(urgentAtSeverity),
          evidence: advisory.id,
          message: `Image ${image} is affected by ${advisory.id}; ${fixedIn(advisory.fixedImage)}.`,
        }),
      );
  },
});

function fixedIn(image: ImageRef | undefined): string {
  return image === undefined ? 'no fixed image yet' : `fixed in ${imageKey(image)}`;
}

/** Unencrypted connections are high; an instance that does not say is medium and info-only. */
export const securityTls = defineCheck({
  name: TLS,
  family: 'security',
  title: 'Connections are encrypted',
  description: 'The instance refuses connections without TLS.',
  options: z.strictObject({}),
  evaluate(instance) {
    if (instance.tls === undefined) {
      const message = 'The instance does not report whether it enforces TLS.';
      return [makeFinding(TLS, instance, { severity: 'medium', message })];
    }
    if (instance.tls.enforced) return [];
    // Not urgent: enforcing TLS can cut off clients, so it waits for the window the customer chose.
    return [
      makeFinding(TLS, instance, {
        severity: 'high',
        condition: AUDIT_CONDITIONS.tlsNotEnforced,
        message: 'The instance accepts unencrypted connections.',
      }),
    ];
  },
});

/** Credentials never rotated count from the instance's creation, when they were issued. */
export const securityCredentialsAge = defineCheck({
  name: CREDENTIALS,
  family: 'security',
  title: 'Passwords are changed regularly',
  description: 'Credentials were rotated within maxAgeDays (an age equal to the limit passes).',
  options: z.strictObject({ maxAgeDays: z.number().positive().default(90) }),
  evaluate(instance, _ctx, now, { maxAgeDays }) {
    const rotatedAt = instance.credentials?.rotatedAt ?? instance.createdAt;
    if (ageMs(rotatedAt, now) <= maxAgeDays * DAY_MS) return [];
    return [
      makeFinding(CREDENTIALS, instance, {
        severity: 'medium',
        condition: AUDIT_CONDITIONS.credentialsStale,
        message: `Credentials were last issued at ${rotatedAt}, more than ${maxAgeDays} days ago.`,
      }),
    ];
  },
});

/**
 * Reachable from the internet where the plan forbids it: high and urgent (no fleet action closes it, so
 * the playbook pages a human). This check also reports an unknown plan for every role.
 */
export const securityPublicAccess = defineCheck({
  name: PUBLIC,
  family: 'security',
  title: 'Not exposed to the internet unless allowed',
  description: "The instance is not publicly reachable when its plan's publicAccessAllowed is false.",
  options: z.strictObject({}),
  evaluate(instance, ctx) {
    const lookup = planFor(instance, ctx.plans);
    if ('problem' in lookup) {
      const message = `Cannot check exposure: ${lookup.problem}.`;
      return [makeFinding(PUBLIC, instance, { severity: 'medium', message })];
    }
    if (instance.network === undefined) {
      const message = 'The instance does not report whether it is reachable from the internet.';
      return [makeFinding(PUBLIC, instance, { severity: 'low', message })];
    }
    if (!instance.network.publiclyReachable || lookup.plan.publicAccessAllowed) return [];
    return [
      makeFinding(PUBLIC, instance, {
        severity: 'high',
        condition: AUDIT_CONDITIONS.publicExposure,
        urgent: true,
        message: `The instance is reachable from the internet, which plan ${instance.plan} does not allow.`,
      }),
    ];
  },
});
