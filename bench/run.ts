/**
 * `npm run bench`: measures request counts and ratios on the emulators (never wall-clock assertions) and prints
 * them as JSON and as Markdown rows for docs/PERFORMANCE.md.
 */
import { benchDetection, type DetectionRow } from './detection.ts';
import { startBenchStack } from './harness.ts';

const stack = await startBenchStack();
try {
  const rows: DetectionRow[] = [];
  for (const [instances, cellSize] of [[1_000, 100], [2_000, 100], [4_000, 100], [4_000, 400]] as const) {
    rows.push(await benchDetection(stack, instances, cellSize, `b${instances}x${cellSize}`));
  }
  console.log(JSON.stringify({ detection: rows }, null, 2));
  console.log('\n| instances | cells | DynamoDB requests per heartbeat round | per cell report | per instance heartbeat | healthy sweep | sweep of 1 silent cell (transitions) | warden status |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.instances} | ${r.cells} | ${r.heartbeatRoundRequests} | ${r.requestsPerCellReport.toFixed(2)} | ${r.requestsPerInstanceHeartbeat.toFixed(4)} | ${r.healthySweepRequests} | ${r.silentCellSweepRequests} (${r.silentCellTransitions}) | ${r.statusRequests} |`);
  }
} finally {
  await stack.emulators.stop();
}
