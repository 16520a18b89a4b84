/**
 * Copies a stored value the way a round trip through DynamoDB would: a new object every time, so a caller can
 * never change what is stored by changing what it read or wrote. Undefined fields are dropped (the document
 * client's removeUndefinedValues); Sets stay Sets. Faster than structuredClone on the small records stored here.
 */
export function copyOf<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Set) return new Set(value);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = copy(field);
  }
  return out;
}
