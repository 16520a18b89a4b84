/**
 * Who may do what through the operator door. Three roles, each including the one before it; a principal
 * no mapping names has no role and is refused everything (deny by default).
 *
 * - viewer: reads.
 * - operator: legal transitions, remediate, freezes of an instance or service up to a day, audit runs,
 *   advisories, resolving incidents.
 * - breakglass: fleet and zone freezes, longer freezes, releasing incidents, forced transitions and acting
 *   inside a freeze (the last two also need `--break-glass --ticket`).
 */
import { AccessDeniedError, ValidationError } from '../errors.ts';

export const ROLES = ['viewer', 'operator', 'breakglass'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, breakglass: 2 };

/** A stage maps principal ARNs, or patterns with `*` (any run of characters), to roles. */
export interface RoleMapping {
  principal: string;
  role: Role;
}

/** The IAM principal a request was signed by, as the Function URL reports it (verified by AWS, not claimed). */
export interface Principal {
  arn: string;
  accountId: string;
  userId: string;
}

/** A caller: the verified principal and the role the stage gives it (undefined: none). */
export interface Caller {
  principal: Principal;
  role: Role | undefined;
  /** How the call arrived: signed through the Function URL, or a direct Lambda invoke (reads only). */
  via: 'url' | 'invoke';
}

export function includes(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && RANK[held] >= RANK[needed];
}

/** The highest role any mapping gives the ARN; undefined when none matches. */
export function roleOf(arn: string, mappings: readonly RoleMapping[]): Role | undefined {
  let best: Role | undefined;
  for (const mapping of mappings) {
    if (!matches(mapping.principal, arn)) continue;
    if (best === undefined || RANK[mapping.role] > RANK[best]) best = mapping.role;
  }
  return best;
}

/** `*` stands for any run of characters (including `/`); everything else matches itself. */
export function matches(pattern: string, arn: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === arn;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!arn.startsWith(first) || !arn.endsWith(last) || arn.length < first.length + last.length) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = arn.indexOf(middle, at);
    if (found === -1 || found + middle.length > arn.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/**
 * Checks the stage's mappings: each names a principal ARN (or pattern) and one of the roles.
 * @throws ValidationError naming each bad entry.
 */
export function checkMappings(raw: unknown): RoleMapping[] {
  if (!Array.isArray(raw)) throw new ValidationError('operator roles', ['must be a JSON array of {"principal": ARN or pattern, "role": viewer|operator|breakglass}']);
  const issues: string[] = [];
  const out: RoleMapping[] = [];
  raw.forEach((entry: unknown, i) => {
    const { principal, role } = (entry ?? {}) as Record<string, unknown>;
    if (typeof principal !== 'string' || !/^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):\S+$/.test(principal)) {
      issues.push(`[${i}].principal: must be an IAM or STS ARN, with * for any run of characters`);
    } else if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      issues.push(`[${i}].role: must be one of ${ROLES.join(', ')}`);
    } else {
      out.push({ principal, role: role as Role });
    }
  });
  if (issues.length > 0) throw new ValidationError('operator roles', issues);
  return out;
}

/**
 * Refuses a caller whose role does not include `needed`.
 * @throws AccessDeniedError naming the role needed and the one held.
 */
export function authorize(caller: Caller, needed: Role, what: string): void {
  if (includes(caller.role, needed)) return;
  throw new AccessDeniedError(what, needed, caller.role, caller.principal.arn, caller.via);
}
