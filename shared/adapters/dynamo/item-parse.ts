/**
 * Items read back are parsed, not cast: each adapter checks the fields its code relies on (extra attributes pass
 * through, so an item written by a newer version still reads). A mismatch is a CorruptItemError naming each bad
 * field and the item's key, never a value of the wrong type travelling on into the domain.
 */
import type * as z from 'zod';
import { CorruptItemError } from '../../domain/errors.ts';

export function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>, what: string): z.infer<S> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(item)'}: ${issue.message}`);
  throw new CorruptItemError(what, `${String(item.pk)} / ${String(item.sk)}`, issues, { cause: result.error });
}
