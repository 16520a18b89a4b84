/** Parsing at the edge: a zod schema failure becomes a ValidationError listing each wrong field. */
import type * as z from 'zod';
import { ValidationError } from '../domain/errors.ts';

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new ValidationError(what, issues, { cause: result.error });
}

/** JSON.parse with a ValidationError instead of a SyntaxError. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(what, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`], { cause: error });
  }
}
