// Drives the real dashboard in Debian's Chromium (playwright-core, no browser download) against a running service:
// a video uploaded through the API appears without a reload, its progress moves, it ends processed with a thumbnail;
// a file that is not a video shows its error, and no Retry (it would fail the same way). A key in a link is used only after asking,
// never stays in the address bar, and the page runs under its Content Security Policy without violating it.
//   node e2e/dashboard.mjs <base url> <api key> <video file> <not-a-video file>
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const [base, key, clip, notAVideo] = process.argv.slice(2);
if (!notAVideo) {
  console.error("usage: node e2e/dashboard.mjs <base url> <api key> <video file> <not-a-video file>");
  process.exit(2);
}

const api = (path, init = {}) =>
  fetch(new URL(path, base), { ...init, headers: { ...init.headers, Authorization: `Bearer ${key}` } });

async function upload(title, file) {
  const request = await api("/upload/request", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ title, fileName: "clip.mp4", contentType: "video/mp4" }),
  });
  if (request.status !== 201) throw new Error(`upload request: ${request.status} ${await request.text()}`);
  const ticket = await request.json();
  const put = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: await readFile(file) });
  if (!put.ok) throw new Error(`PUT: ${put.status} ${await put.text()}`);
  const complete = await api(`/videos/${ticket.videoId}/complete`, { method: "POST" });
  if (complete.status !== 202) throw new Error(`complete: ${complete.status} ${await complete.text()}`);
  return ticket.videoId;
}

const row = id => `tr[data-video-id="${id}"]`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  const violations = [];
  page.on("console", message => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });

  // A link offering somebody's key is refused when the person says no...
  const first = await page.goto(new URL("/#key=someone-elses-key", base).toString());
  const policy = first.headers()["content-security-policy"] ?? "";
  if (!policy.includes("frame-ancestors 'none'") || !policy.includes("script-src 'self'")) throw new Error(`no CSP on the dashboard: ${policy}`);
  await page.waitForSelector(".confirm-key >> text=ending in");
  if (page.url().includes("key=")) throw new Error(`the key stayed in the address bar: ${page.url()}`);
  await page.locator("button.ignore-link-key").click();
  await page.waitForSelector("form.key");

  // ... and used only once accepted.
  await page.goto(new URL(`/#key=${encodeURIComponent(key)}`, base).toString());
  await page.locator("button.use-link-key").click();
  await page.waitForSelector("header .live");

  const good = await upload("Dashboard clip", clip);
  await page.waitForSelector(row(good));
  await page.waitForSelector(`${row(good)} progress`);
  await page.waitForSelector(`${row(good)}[data-status="processed"]`);
  await page.waitForSelector(`${row(good)} img[src]`);

  const bad = await upload("Not a video", notAVideo);
  await page.waitForSelector(`${row(bad)}[data-status="failed"]`);
  const error = await page.locator(`${row(bad)} .last-error`).innerText();
  if (!error.trim()) throw new Error("a failed video shows no error");
  // Retrying would fail the same way: it is not offered.
  if (await page.locator(`${row(bad)} button.retry`).count() !== 0) throw new Error("Retry is offered for a file that is not a video");

  await page.locator(`${row(good)} button.link`).click();
  await page.waitForSelector("table.events >> text=ProcessingCompleted");
  // The detail view shows the player page in an iframe, playing what the video's signed link grants.
  const player = await (await page.waitForSelector("iframe.player-frame")).contentFrame();
  await player.waitForSelector(".player video");
  await player.waitForSelector("select.quality");
  if (violations.length) throw new Error(`CSP violations: ${violations.join("; ")}`);
  console.log(`dashboard: ok (error shown: ${error.trim()})`);
} finally {
  await browser.close();
}
