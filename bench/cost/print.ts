/** The bill as Markdown tables (what docs/PERFORMANCE.md shows). */
import { SERVICES, type Bill, type MonthlyBill } from './bill.ts';
import { PRICES } from './prices.ts';

const usd = (n: number) => `$${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2)}`;
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function lines(bill: Bill): string {
  return table(['service', 'what', 'a month', 'dollars'], bill.lines.map((l) => [l.service, l.what, l.quantity, usd(l.dollars)]));
}

export function printBill(bill: MonthlyBill, measured: Record<string, string | undefined>, stale: string[]): string {
  const s = bill.scenario;
  const head = [
    `${s.instances.toLocaleString('en-US')} instances, ${s.instancesPerHost} per host, ${s.hostsPerReport === 1 ? 'each host reporting alone' : `a cell relay merging ${s.hostsPerReport} hosts`} ` +
      `(${s.instancesPerReport} instances per report), a report every ${s.intervalSeconds} s: ${(s.reports / 1e6).toFixed(1)} M reports a month, ` +
      (s.reportPath === 'paged' ? 'steady reports paged' : 'every report writing its cell\'s item (--without-pages)'),
    `per-unit figures: bench/results.json, measured ${Object.entries(measured).map(([b, at]) => `${b} ${at?.slice(0, 10) ?? '?'}`).join(', ')}`,
    ...(stale.length > 0 ? [`STALE: ${stale.join(', ')} measured on older source; refresh with npm run bench -- ${stale.join(' ')}`] : []),
    `prices: us-east-1 list prices (${Object.values(PRICES).map((p) => p.source).join('; ')})`,
  ];
  const byService = table(
    ['service', 'healthy month', 'bad month'],
    [...SERVICES.map((svc) => [svc, usd(bill.healthy.byService[svc]), usd(bill.bad.byService[svc])]), ['**total**', `**${usd(bill.healthy.total)}**`, `**${usd(bill.bad.total)}**`]],
  );
  const badOnly: Bill = { ...bill.bad, lines: bill.bad.lines.slice(bill.healthy.lines.length) };
  const alternatives = table(['instead', 'a month', 'dollars'], bill.alternatives.map((a) => [a.design, a.quantity, usd(a.dollars)]));
  return [head.join('\n'), byService, `Healthy month:\n\n${lines(bill.healthy)}`, `A bad month adds (a zone outage a week, a CVE roll, a daily audit):\n\n${lines(badOnly)}`, `The designs this rules out:\n\n${alternatives}`].join('\n\n');
}
