/**
 * EventBridge event-pattern matching, for the subset serverless.yml uses: literal lists, `prefix`,
 * `anything-but`, `exists`, `numeric` equality and nested objects. Enough to route locally exactly
 * as the deployed rules would.
 */
type Pattern = Record<string, unknown>;

function matchesValue(rule: unknown, value: unknown): boolean {
  if (rule !== null && typeof rule === 'object' && !Array.isArray(rule)) {
    const r = rule as Record<string, unknown>;
    if ('prefix' in r) return typeof value === 'string' && value.startsWith(String(r.prefix));
    if ('exists' in r) return (value !== undefined) === Boolean(r.exists);
    if ('anything-but' in r) {
      const excluded = Array.isArray(r['anything-but']) ? r['anything-but'] : [r['anything-but']];
      return value !== undefined && !excluded.includes(value);
    }
    if ('equals-ignore-case' in r) return typeof value === 'string' && value.toLowerCase() === String(r['equals-ignore-case']).toLowerCase();
  }
  return rule === value;
}

export function matchesPattern(pattern: Pattern, event: Record<string, unknown>): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const value = event[key];
    if (Array.isArray(rule)) {
      const values = Array.isArray(value) ? value : [value];
      if (!rule.some((r) => values.some((v) => matchesValue(r, v)))) return false;
    } else if (rule !== null && typeof rule === 'object') {
      if (value === null || typeof value !== 'object') return false;
      if (!matchesPattern(rule as Pattern, value as Record<string, unknown>)) return false;
    } else if (rule !== value) {
      return false;
    }
  }
  return true;
}
