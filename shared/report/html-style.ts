/** The report's only stylesheet, inlined: system fonts, no URLs, readable printed in black and white. */
export const STYLE = `
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { color: #1f2933; background: #f5f7fa; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
header h1 { font-size: 1.6rem; margin: 0.2rem 0; }
.eyebrow, .meta { color: #52606d; margin: 0; }
section { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 16px 20px; margin: 20px 0; }
h2 { font-size: 1.2rem; margin-top: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
.figure { flex: 1 1 160px; }
.figure strong { display: block; font-size: 1.8rem; }
table { width: 100%; border-collapse: collapse; margin-top: 12px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; overflow-wrap: break-word; }
.scroll { overflow-x: auto; }
@media (max-width: 600px) { main { padding: 12px; } section { padding: 12px; } th, td { padding: 3px; overflow-wrap: anywhere; } table { font-size: 13px; } .status { white-space: normal; padding: 0 3px; } }
code { font-size: 0.85em; color: #52606d; word-break: break-all; }
.chart { max-width: 100%; height: auto; font-size: 13px; }
.chart text { fill: #1f2933; }
.track { fill: #e4e7eb; }
.bar.good { fill: #2f8132; } .bar.warn { fill: #b7791f; } .bar.bad { fill: #c53030; } .bar.neutral { fill: #627d98; }
.status { font-weight: 600; padding: 1px 6px; border-radius: 4px; border: 1px solid currentColor; white-space: nowrap; }
.status.good { color: #2f8132; } .status.warn { color: #8d5b0f; } .status.bad { color: #c53030; }
.sev-critical, .sev-high { color: #c53030; } .sev-medium { color: #8d5b0f; } .sev-low { color: #52606d; }
.legend { color: #52606d; }
`;
