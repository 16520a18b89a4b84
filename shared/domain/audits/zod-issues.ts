import type * as z from 'zod';

/** One line per wrong field, `path: message`, for a ValidationError's `issues`. */
export function zodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}
