/**
 * Which role each kind of change needs (docs/SECURITY.md has the matrix). Pure: the operator door reads what
 * the decision depends on (the instance, the freezes in force) and asks here.
 */
import type { Instance, LifecycleState } from '../instance.ts';
import { isForcible, isLegalTransition } from '../lifecycle.ts';
import { activeFreezesFor, describeFreezeScope, type Freeze, type FreezeScope } from '../safety/freeze.ts';
import type { Role } from './roles.ts';

export interface Requirement {
  role: Role;
  /** The action, as a refusal names it. */
  what: string;
  /** Break glass needs its papers too: `--break-glass --ticket REF --reason TEXT`. */
  breakGlass?: boolean;
}

/** An operator may freeze an instance or a service for up to a day; wider or longer freezes are break glass. */
export const OPERATOR_FREEZE_SECONDS = 24 * 3600;

export function freezeRequirement(scope: FreezeScope, expiresAt: string, now: Date): Requirement {
  const what = `a freeze of ${describeFreezeScope(scope)}`;
  if (scope.kind === 'fleet' || scope.kind === 'zone') return { role: 'breakglass', what };
  if (Date.parse(expiresAt) - now.getTime() > OPERATOR_FREEZE_SECONDS * 1000) return { role: 'breakglass', what: `${what} for more than a day` };
  return { role: 'operator', what };
}

/** Lifting a freeze needs the role that may place it: a fleet or zone freeze is lifted by break glass. */
export function unfreezeRequirement(freeze: Pick<Freeze, 'id' | 'scope'> | undefined): Requirement {
  if (freeze !== undefined && (freeze.scope.kind === 'fleet' || freeze.scope.kind === 'zone')) {
    return { role: 'breakglass', what: `lifting the freeze of ${describeFreezeScope(freeze.scope)}` };
  }
  return { role: 'operator', what: 'lifting a freeze' };
}

/** Releasing an incident lets automation replace in an outage's scope again: break glass. Resolving it: operator. */
export function incidentRequirement(action: 'release' | 'resolve'): Requirement {
  return action === 'release' ? { role: 'breakglass', what: 'releasing an incident' } : { role: 'operator', what: 'resolving an incident' };
}

/**
 * A legal transition outside any freeze is an operator's; one the table forbids (but break glass may force),
 * or one on an instance inside a freeze, is break glass with its papers.
 */
export function transitionRequirement(
  instance: Pick<Instance, 'id' | 'service' | 'zone' | 'state'>,
  to: LifecycleState,
  freezes: readonly Freeze[],
  now: Date,
): Requirement {
  if (!isLegalTransition(instance.state, to) && isForcible(instance.state, to)) {
    return { role: 'breakglass', what: `forcing ${instance.id} from ${instance.state} to ${to} (the lifecycle table forbids it)`, breakGlass: true };
  }
  const inside = activeFreezesFor(instance, freezes, now)[0];
  if (inside !== undefined) {
    return { role: 'breakglass', what: `a transition of ${instance.id} inside freeze ${inside.id}`, breakGlass: true };
  }
  return { role: 'operator', what: `a transition of ${instance.id}` };
}
