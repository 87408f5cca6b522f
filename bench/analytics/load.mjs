// The load phases of bench/analytics.sh, driven by autocannon (npm). Prints one line of figures per phase.
//   node load.mjs beacons BASE VIDEO GRANT SECONDS EVENTS   beacons of EVENTS events each (a new view each), for SECONDS
//   node load.mjs queries BASE SECONDS VIDEO...             GET /videos/{id}/analytics (a random VIDEO each), then GET /analytics
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';

const autocannon = createRequire(`${process.env.BENCH_MODULES}/`)('autocannon');
const [phase, base, ...args] = process.argv.slice(2);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Runs autocannon and keeps every response time and status, for exact percentiles and an exact count of what was accepted.
async function load(options) {
  const times = [];
  const statuses = {};
  const instance = autocannon(options);
  instance.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    count: times.length, seconds: result.duration, rate: times.length / result.duration,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    statuses, errors: result.errors, timeouts: result.timeouts,
  };
}

function beacon(events) {
  const kinds = ['view', 'firstFrame', 'played', 'stall', 'switch', 'seek', 'played', 'hidden'];
  return JSON.stringify({
    viewId: randomUUID(),
    events: Array.from({ length: events }, (_, seq) => {
      const type = kinds[seq % kinds.length];
      const event = { seq, type, at: seq * 500, position: seq * 500 };
      if (type === 'firstFrame' || type === 'played' || type === 'stall') event.ms = 400 + seq;
      if (type === 'played' || type === 'switch') event.rendition = seq % 2 ? '720p' : '480p';
      return event;
    }),
  });
}

if (phase === 'beacons') {
  const [video, grant, seconds, events] = args;
  const r = await load({
    url: `${base}/videos/${video}/beacons?${grant}`, duration: Number(seconds), connections: 32,
    requests: [{ method: 'POST', headers: { 'content-type': 'text/plain' }, setupRequest: request => ({ ...request, body: beacon(Number(events)) }) }],
  });
  const accepted = (r.statuses[204] ?? 0) * Number(events);
  console.log(`beacons: ${r.count} in ${r.seconds.toFixed(1)} s, ${r.rate.toFixed(0)}/s, ${(accepted / r.seconds).toFixed(0)} events/s accepted, ` +
    `latency p50 ${r.p50} ms p95 ${r.p95} ms p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, connection errors ${r.errors}, timeouts ${r.timeouts}`);
  console.log(`accepted_events=${accepted}`);
} else if (phase === 'queries') {
  const [seconds, ...videos] = args;
  const headers = { authorization: 'Bearer dev-key' };
  const perVideo = await load({
    url: base, duration: Number(seconds), connections: 2,
    requests: [{ method: 'GET', headers, setupRequest: request => ({ ...request, path: `/videos/${videos[Math.floor(Math.random() * videos.length)]}/analytics` }) }],
  });
  const owner = await load({ url: `${base}/analytics`, duration: Number(seconds), connections: 2, headers });
  for (const [label, r] of [['GET /videos/{id}/analytics', perVideo], ['GET /analytics', owner]]) {
    console.log(`${label}: ${r.count} queries, ${r.rate.toFixed(0)}/s, latency p50 ${r.p50} ms p95 ${r.p95} ms p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}`);
  }
} else {
  console.error('usage: node load.mjs beacons BASE VIDEO GRANT SECONDS EVENTS | queries BASE SECONDS VIDEO...');
  process.exit(2);
}
