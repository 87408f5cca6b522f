// The load phases of bench/load.sh, driven by autocannon (npm). Prints one line of figures per measured run, each with
// the durability mode (BENCH_MODE), the service's CPU (BENCH_SERVICE_PIDS, read from /proc) and autocannon's own, and a
// second line with what one request cost: CPU milliseconds of the service and of PostgreSQL (every process of the cluster
// whose postmaster is BENCH_PG_PID), the statements PostgreSQL ran (pg_stat_statements of the database BENCH_DB) and the
// round trips the service made (Npgsql's commands, from the service's /metrics). A cost per request hardly changes with
// what else runs on the machine, unlike a rate.
//   node load.mjs requests BASE WARM SECONDS       POST /upload/request: WARM s not counted, then SECONDS measured; again with sizeBytes
//   node load.mjs prepare BASE COUNT FILE          COUNT uploads of the key BENCH_KEY, each PUT (1 KiB); their keys into FILE
//   node load.mjs warm-reports BASE FILE WARM      signed webhook reports of FILE's uploads, each once, then repeats for the rest of WARM s
//   node load.mjs reports BASE FILE LABEL          signed webhook reports of FILE's uploads, each once, measured
//   node load.mjs list BASE WARM SECONDS           GET /videos: first page, pages by cursor deep in, numbered pages within reach
//   node load.mjs share BASE COUNT CLIP            COUNT real clips uploaded at once; which node took each, and the wall time
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// autocannon lives in bench/.cache/load (bench/load.sh installs it there and names the folder).
const autocannon = createRequire(`${process.env.BENCH_MODULES}/`)('autocannon');
const [phase, base, ...args] = process.argv.slice(2);
const owner = { authorization: 'Bearer dev-key', 'content-type': 'application/json' };
const secret = 'dev-webhook-secret';
const mode = process.env.BENCH_MODE ?? '?';
const servicePids = (process.env.BENCH_SERVICE_PIDS ?? '').split(' ').filter(Boolean);
const ticksPerSecond = Number(process.env.BENCH_CLK_TCK ?? 100);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// The service's CPU time so far, in seconds (user + system of every node process, from /proc/PID/stat).
function serviceCpu() {
  let ticks = 0;
  for (const pid of servicePids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond;
}

// Ticks (user, system; waited-for children too when `reaped`) of /proc/PID/stat, or null for a process gone meanwhile.
function ticksOf(pid, reaped = false) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  return { parent: Number(fields[1]), ticks: reaped ? own + Number(fields[13]) + Number(fields[14]) : own };
}

// PostgreSQL's CPU time so far, in seconds: the postmaster with the backends it reaped, plus every live child (backends,
// autovacuum, WAL writer...). Null without BENCH_PG_PID.
function postgresCpu() {
  const postmaster = process.env.BENCH_PG_PID;
  if (!postmaster) return null;
  let ticks = ticksOf(postmaster, true)?.ticks ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = ticksOf(entry);
    if (child && String(child.parent) === postmaster) ticks += child.ticks;
  }
  return ticks / ticksPerSecond;
}

// Statements PostgreSQL finished in the bench's database so far (pg_stat_statements), or null when it is not loaded.
function statements() {
  if (!process.env.BENCH_DB) return null;
  try {
    const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', process.env.BENCH_PG_PORT, '-U', 'postgres', '-d', process.env.BENCH_DB, '-XAtqc',
      'select coalesce(sum(calls), 0) from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(out.trim());
  } catch {
    return null;
  }
}

// Commands the service sent to PostgreSQL so far (a batch is one: a round trip), from Npgsql's meter on its /metrics.
async function roundTrips() {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const counts = text.split('\n').filter((line) => line.startsWith('db_client_operation_duration_seconds_count'));
    return counts.length ? counts.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0) : null;
  } catch {
    return null;
  }
}

function ownCpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

// Runs autocannon and also keeps every response time, for exact percentiles (autocannon reports p90 and p97.5, not p95).
async function load(options) {
  const times = [];
  const statuses = {};
  const [statementsBefore, tripsBefore, postgresBefore] = [statements(), await roundTrips(), postgresCpu()];
  const [serviceBefore, ownBefore, started] = [serviceCpu(), ownCpu(), process.hrtime.bigint()];
  const instance = autocannon({ connections: 32, ...options });
  instance.on('response', (_client, status, _bytes, ms) => {
    times.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const [service, own] = [serviceCpu() - serviceBefore, ownCpu() - ownBefore];
  const postgresAfter = postgresCpu();
  const [statementsAfter, tripsAfter] = [statements(), await roundTrips()];
  const each = (before, after) => (before === null || after === null ? null : (after - before) / Math.max(1, times.length));
  times.sort((a, b) => a - b);
  return {
    count: times.length,
    rate: times.length / result.duration,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    statuses, errors: result.errors, timeouts: result.timeouts,
    serviceCores: service / wall, serviceMsPerRequest: (1000 * service) / Math.max(1, times.length), generatorCores: own / wall,
    generatorMsPerRequest: (1000 * own) / Math.max(1, times.length),
    postgresMsPerRequest: each(postgresBefore === null ? null : 1000 * postgresBefore, postgresAfter === null ? null : 1000 * postgresAfter),
    statementsPerRequest: each(statementsBefore, statementsAfter), tripsPerRequest: each(tripsBefore, tripsAfter),
  };
}

const figure = (value, digits, missing) => (value === null ? missing : value.toFixed(digits));
const show = (label, r) => {
  console.log(
    `[${mode}] ${label}: ${r.count} requests, ${r.rate.toFixed(0)}/s, latency p50 ${r.p50} ms p95 ${r.p95} ms p99 ${r.p99} ms, ` +
    `statuses ${JSON.stringify(r.statuses)}, connection errors ${r.errors}, timeouts ${r.timeouts}; ` +
    `CPU: service ${r.serviceCores.toFixed(2)} cores (${r.serviceMsPerRequest.toFixed(2)} ms a request), autocannon ${r.generatorCores.toFixed(2)} cores`);
  const total = r.postgresMsPerRequest === null ? null : r.serviceMsPerRequest + r.postgresMsPerRequest + r.generatorMsPerRequest;
  console.log(
    `[${mode}]   cost a request: cpu ms service ${r.serviceMsPerRequest.toFixed(3)}, postgres ${figure(r.postgresMsPerRequest, 3, 'n/a')}, ` +
    `autocannon ${r.generatorMsPerRequest.toFixed(3)} (together ${figure(total, 3, 'n/a')}); ` +
    `statements ${figure(r.statementsPerRequest, 2, 'n/a (pg_stat_statements not loaded: restart the cluster, eng/infra.sh down postgres; eng/infra.sh up)')}, ` +
    `round trips ${figure(r.tripsPerRequest, 2, 'n/a')}`);
};

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

// One signed storage report of `key`, as the S3 webhook sends it.
function signedReport(request, key) {
  const payload = JSON.stringify({ key, size: 1024 });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  return { ...request, body: payload, headers: { 'content-type': 'application/json', 'x-webhook-signature': `t=${t},v1=${v1}` } };
}

const body = JSON.stringify({ title: 'load', fileName: 'load.mp4' });

if (phase === 'requests') {
  const [warm, seconds] = args.map(Number);
  const options = { url: `${base}/upload/request`, method: 'POST', headers: owner, body };
  await load({ ...options, duration: warm });
  show('POST /upload/request, 32 connections', await load({ ...options, duration: seconds }));
  // With the size declared, as the dashboard sends it: a single PUT's quota is decided by the hold alone, without reading the standing first.
  const sized = { ...options, body: JSON.stringify({ title: 'load', fileName: 'load.mp4', sizeBytes: 1024 }) };
  await load({ ...sized, duration: Math.min(warm, 10) });
  show('POST /upload/request with sizeBytes (as the dashboard sends), 32 connections', await load({ ...sized, duration: seconds }));
} else if (phase === 'prepare') {
  const [count, file] = [Number(args[0]), args[1]];
  const headers = { authorization: `Bearer ${process.env.BENCH_KEY}`, 'content-type': 'application/json' };
  const bytes = new Uint8Array(1024).fill(7);
  const keys = [];
  await inBatches(count, 32, async () => {
    const ticket = await json('/upload/request', headers, { method: 'POST', body });
    const put = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': ticket.headers['Content-Type'] }, body: bytes });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    keys.push(ticket.key);
  });
  writeFileSync(file, keys.join('\n'));
} else if (phase === 'warm-reports') {
  // Each upload reported once (the whole path: lock, append, projections, outbox, commit), then the same reports again
  // (accepted, changing nothing) for the rest of the warm-up: the queue of transcodes grows only by the first ones.
  const [file, warm] = [args[0], Number(args[1])];
  const keys = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let sent = 0;
  await load({
    url: `${base}/webhook/s3-upload`, duration: warm, connections: 64,
    requests: [{ method: 'POST', setupRequest: (request) => signedReport(request, keys[sent++ % keys.length]) }],
  });
} else if (phase === 'reports') {
  const [file, label] = args;
  const keys = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let sent = 0;
  const r = await load({
    url: `${base}/webhook/s3-upload`, amount: keys.length, connections: 64,
    requests: [{ method: 'POST', setupRequest: (request) => signedReport(request, keys[sent++]) }],
  });
  show(`POST /webhook/s3-upload ${label} (${keys.length} distinct uploads, each reported once), 64 connections`, r);
} else if (phase === 'list') {
  const [warm, seconds] = args.map(Number);
  // Pages deep in the catalogue, reached by walking the cursor (what a client paging through does).
  const cursorPaths = [];
  let cursor = null;
  for (let i = 0; i < 200; i++) {
    const page = await json(`/videos?pageSize=20${cursor ? `&cursor=${cursor}` : ''}`, owner);
    cursor = page.nextCursor;
    if (!cursor) break;
    if (i % 4 === 0) cursorPaths.push(`/videos?pageSize=20&cursor=${cursor}`);
  }
  const total = (await json('/videos?pageSize=1&includeTotal=true', owner)).totalCount;
  // Numbered pages reach the first 1000 videos (VideoPipeline:Catalog:MaxNumberedVideos): pages 1..50 at pageSize 20.
  const numbered = Array.from({ length: 50 }, (_, i) => `/videos?pageSize=20&page=${i + 1}`);
  const variants = [
    [`GET /videos first page (${total} videos of the owner)`, { url: `${base}/videos?pageSize=20` }],
    [`GET /videos by cursor (${cursorPaths.length} cursors up to page 200)`, { url: base, requests: cursorPaths.map((path) => ({ method: 'GET', path })) }],
    ['GET /videos by page number (pages 1..50)', { url: base, requests: numbered.map((path) => ({ method: 'GET', path })) }],
    ['GET /videos first page with includeTotal=true', { url: `${base}/videos?pageSize=20&includeTotal=true` }],
  ];
  for (const [label, options] of variants) {
    await load({ ...options, headers: owner, duration: warm });
    // Latency of one client at a time (what the query and the service cost), then under 32 connections (where latency
    // is mostly the queue in front of two cores).
    show(`${label}, one client`, await load({ ...options, headers: owner, duration: seconds, connections: 1 }));
    show(`${label}, 32 connections`, await load({ ...options, headers: owner, duration: seconds }));
  }
} else if (phase === 'share') {
  const count = Number(args[0]);
  const clip = readFileSync(args[1]);
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
  console.error('usage: node load.mjs requests|prepare|warm-reports|reports|list|share BASE ARG...');
  process.exit(2);
}
