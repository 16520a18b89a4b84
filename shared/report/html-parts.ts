import { escapeHtml } from './escape.ts';
import { complianceStatus } from './wording.ts';

/** Markup built here is already safe; plain text is escaped by `escapeHtml` before it reaches these. */
export type Html = string;

export function section(heading: string, body: Html): Html {
  return `<section><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}

/** A table of ready-made (already escaped) cells under plain-text headers. */
export function table(headers: readonly string[], rows: readonly Html[][]): Html {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A compliance percentage's status in words, coloured by tone: the words carry it without the colour. */
export function status(pct: number): Html {
  const { word, tone } = complianceStatus(pct);
  return `<span class="status ${tone}">${escapeHtml(word)}</span>`;
}

export function list(items: readonly string[]): Html {
  return `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}
