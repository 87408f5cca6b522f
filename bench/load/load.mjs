// The load phases of bench/load.sh, driven by autocannon (npm). Prints one line of figures per phase.
//   node load.mjs requests BASE SECONDS            POST /upload/request for SECONDS
//   node load.mjs webhooks BASE COUNT              COUNT uploads landed, then COUNT signed webhooks, each sent once
//   node load.mjs list BASE SECONDS                GET /videos: first page, pages by cursor deep in, pages by number deep in
//   node load.mjs share BASE COUNT CLIP            COUNT real clips uploaded at once; which node took each, and the wall time
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

// autocannon lives in bench/.cache/load (bench/load.sh installs it there and names the folder).
const autocannon = createRequire(`${process.env.BENCH_MODULES}/`)('autocannon');
const [phase, base, arg, clipPath] = process.argv.slice(2);
const owner = { authorization: 'Bearer dev-key', 'content-type': 'application/json' };
const other = { authorization: 'Bearer dev-key-2', 'content-type': 'application/json' };
const admin = { authorization: 'Bearer dev-admin-key' };
const secret = 'dev-webhook-secret';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Runs autocannon and also keeps every response time, for exact percentiles (autocannon reports p90 and p97.5, not p95).
async function load(options) {
  const times = [];
  const statuses = {};
  const instance = autocannon({ connections: 32, ...options });
  instance.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    count: times.length,
    rate: times.length / seconds,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    statuses, errors: result.errors, timeouts: result.timeouts,
  };
}

const show = (label, r) => console.log(
  `${label}: ${r.count} requests, ${r.rate.toFixed(0)}/s, latency p50 ${r.p50} ms p95 ${r.p95} ms p99 ${r.p99} ms, ` +
  `statuses ${JSON.stringify(r.statuses)}, connection errors ${r.errors}, timeouts ${r.timeouts}`);

async function json(path, headers, init = {}) {
  const response = await fetch(base + path, { headers, ...init });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function inBatches(count, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await work(next++);
  }));
}

async function totalOf(headers, status) {
  return (await json(`/videos?pageSize=1${status ? `&status=${status}` : ''}`, headers)).totalCount;
}

const body = JSON.stringify({ title: 'load', fileName: 'load.mp4' });

if (phase === 'requests') {
  // Warm-up (JIT, Wolverine's handler code generated at first use, connection pools), not counted.
  await load({ url: `${base}/upload/request`, method: 'POST', headers: owner, body, duration: 3 });
  const r = await load({ url: `${base}/upload/request`, method: 'POST', headers: owner, body, duration: Number(arg) });
  show('POST /upload/request', r);
} else if (phase === 'webhooks') {
  const count = Number(arg);
  const bytes = new Uint8Array(1024).fill(7);
  const keys = [];
  await inBatches(count, 32, async () => {
    const ticket = await json('/upload/request', other, { method: 'POST', body });
    const put = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': ticket.headers['Content-Type'] }, body: bytes });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    keys.push(ticket.key);
  });
  const before = await totalOf(other, 'awaiting_upload');
  let sent = 0;
  const r = await load({
    url: `${base}/webhook/s3-upload`, amount: count, connections: 64,
    requests: [{
      method: 'POST',
      setupRequest: (request) => {
        const payload = JSON.stringify({ key: keys[sent++ % keys.length], size: bytes.length });
        const t = Math.floor(Date.now() / 1000);
        const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
        return { ...request, body: payload, headers: { 'content-type': 'application/json', 'x-webhook-signature': `t=${t},v1=${v1}` } };
      },
    }],
  });
  show(`POST /webhook/s3-upload (${count} distinct uploads, each reported once)`, r);
  const waiting = await totalOf(other, 'awaiting_upload');
  console.log(`zero loss: ${before} uploads awaited their report before, ${waiting} after (every 202 recorded its UploadCompleted in the same transaction)`);
} else if (phase === 'list') {
  const seconds = Number(arg);
  // Pages deep in the catalogue, reached by walking the cursor (what a client paging through does).
  const cursorPaths = [];
  let cursor = null;
  for (let i = 0; i < 200; i++) {
    const page = await json(`/videos?pageSize=20${cursor ? `&cursor=${cursor}` : ''}`, owner);
    cursor = page.nextCursor;
    if (!cursor) break;
    if (i % 4 === 0) cursorPaths.push(`/videos?pageSize=20&cursor=${cursor}`);
  }
  const total = await totalOf(owner);
  const deepest = Math.floor(total / 20);
  const numbered = Array.from({ length: 50 }, (_, i) => `/videos?pageSize=20&page=${1 + Math.floor((i * deepest) / 50)}`);
  // Latency of one client at a time (what the query and the service cost), then throughput under 32 connections (where
  // latency is mostly the queue in front of two cores).
  const variants = [
    [`GET /videos first page (${total} videos of the owner)`, { url: `${base}/videos?pageSize=20` }],
    [`GET /videos by cursor (${cursorPaths.length} cursors up to page 200)`, { url: base, requests: cursorPaths.map((path) => ({ method: 'GET', path })) }],
    [`GET /videos by page number (pages 1..${deepest}, spread)`, { url: base, requests: numbered.map((path) => ({ method: 'GET', path })) }],
  ];
  for (const [label, options] of variants) {
    show(`${label}, one client`, await load({ ...options, headers: owner, duration: seconds, connections: 1 }));
    show(`${label}, 32 connections`, await load({ ...options, headers: owner, duration: seconds }));
  }
} else if (phase === 'share') {
  const count = Number(arg);
  const clip = readFileSync(clipPath);
  const started = Date.now();
  const ids = [];
  await inBatches(count, 8, async () => {
    const ticket = await json('/upload/request', owner, { method: 'POST', body });
    const put = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': ticket.headers['Content-Type'] }, body: clip });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    const completed = await fetch(`${base}/videos/${ticket.videoId}/complete`, { method: 'POST', headers: owner });
    if (completed.status !== 202) throw new Error(`complete: ${completed.status} ${await completed.text()}`);
    ids.push(ticket.videoId);
  });
  const nodes = {};
  for (const id of ids) {
    for (;;) {
      const video = await json(`/videos/${id}`, owner);
      if (video.status === 'processed' || video.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const events = await json(`/videos/${id}/events`, owner);
    for (const e of events.filter((e) => e.type === 'ProcessingStarted')) nodes[e.data.node] = (nodes[e.data.node] ?? 0) + 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const share = Object.entries(nodes).sort().map(([node, n]) => `${node} ${n} (${((100 * n) / count).toFixed(0)}%)`).join(', ');
  console.log(`${count} transcodes in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(2)}/s); jobs taken: ${share}`);
} else {
  console.error('usage: node load.mjs requests|webhooks|list|share BASE ARG [CLIP]');
  process.exit(2);
}
