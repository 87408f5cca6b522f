// Viewer analytics in Debian's Chromium.
//   node e2e/analytics.mjs play <embed url> <done file>
//     A viewer plays the player page for 3 s and leaves; another plays it on a throttled network (Chrome DevTools
//     Protocol) until it has stalled and resumed, and leaves. Prints how many stalls both viewers' pages saw, and
//     keeps the browser open until <done file> exists.
//   node e2e/analytics.mjs dashboard <base url> <api key> <video id>
//     The owner opens the video in the dashboard: its Analytics section shows the views, startup time and stalls, and
//     its charts are drawn; then the owner's Analytics view.
import { existsSync } from "node:fs";
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [command, ...args] = process.argv.slice(2);
const fail = message => { throw new Error(message); };
const browser = await openBrowser();
try {
  if (command === "play") await play(...args);
  else if (command === "dashboard") await dashboard(...args);
  else fail("usage: node e2e/analytics.mjs play <embed url> <done file> | dashboard <base url> <api key> <video id>");
} finally {
  await browser.close();
}

// Counts stalls the way a viewer sees them: the picture waits for data after it had started, outside a seek.
function watchStalls() {
  const video = document.querySelector("video");
  window.stalls = 0;
  window.resumed = 0;
  let started = false;
  let stalled = false;
  video.addEventListener("playing", () => { if (stalled) window.resumed++; started = true; stalled = false; });
  video.addEventListener("waiting", () => { if (started && !video.seeking && !stalled) { stalled = true; window.stalls++; } });
}

// Leaves the page: pagehide (and the page turning hidden) sends the view's last beacon.
async function leave({ page }) {
  await page.goto("about:blank");
}

// The browser stays open until the spec has found both views' last beacons stored (it then creates <done file>):
// a browser closed at once could cut off a beacon still on its way.
async function untilStored(doneFile) {
  const deadline = Date.now() + 120_000;
  while (!existsSync(doneFile)) {
    if (Date.now() > deadline) fail(`the spec never said the beacons were stored (${doneFile})`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function play(embed, doneFile) {
  const viewer = await watchedPage(browser, { viewport: { width: 960, height: 540 } });
  const { page, problems } = viewer;
  await page.goto(embed);
  await page.waitForSelector("select.quality");
  // The unthrottled view can stall too on a busy machine, and its stalls reach the figures like the throttled one's.
  await page.evaluate(watchStalls);
  await page.click("button.play");
  await page.waitForFunction(() => document.querySelector("video").currentTime >= 3, null, { timeout: 60_000 });
  const firstStalls = await page.evaluate(() => { document.querySelector("video").pause(); return window.stalls; });
  await screenshot(page, "analytics-viewer-playing");
  await leave(viewer);
  if (problems.length > 0) fail(`the page broke its policy or threw: ${problems.join(" | ")}`);

  const slow = await watchedPage(browser, { viewport: { width: 960, height: 540 } });
  const cdp = await slow.context.newCDPSession(slow.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 200, downloadThroughput: 50_000, uploadThroughput: 50_000 });
  await slow.page.goto(embed);
  await slow.page.waitForSelector("select.quality");
  await slow.page.evaluate(watchStalls);
  await slow.page.click("button.play");
  await slow.page.waitForFunction(() => window.resumed >= 1, null, { timeout: 150_000 });
  // Paused in the same step that reads the count: a stall after the read but before leaving would reach the view's
  // beacons and not the count.
  const stalls = await slow.page.evaluate(() => { document.querySelector("video").pause(); return window.stalls; });
  await screenshot(slow.page, "analytics-viewer-throttled");
  await leave(slow);
  if (slow.problems.length > 0) fail(`the throttled page broke its policy or threw: ${slow.problems.join(" | ")}`);
  if (!(stalls > 0)) fail("the throttled page never stalled");
  console.log(`stalls=${firstStalls + stalls}`);
  await untilStored(doneFile);
  console.log("played: ok");
}

async function dashboard(base, key, videoId) {
  const { page, problems } = await watchedPage(browser, { viewport: { width: 1200, height: 1400 } });
  await page.goto(new URL("/", base).toString());
  await page.fill("form.key input", key);
  await page.click("form.key button");
  await page.click(`tr[data-video-id="${videoId}"] button.link`);
  const section = await page.waitForSelector(".video-analytics .figures");
  const views = await page.textContent(".figure-views dd");
  const startup = await page.textContent(".figure-startup dd");
  const stalls = await page.textContent(".figure-stalls dd");
  if (views.trim() !== "2") fail(`the dashboard shows ${views} views`);
  if (!/^\d+ \/ \d+ ms$/.test(startup.trim())) fail(`the startup time shown is "${startup}"`);
  if (!(Number(stalls) > 0)) fail(`the stalls per view shown are "${stalls}"`);
  for (const chart of ["views", "retention"]) {
    const drawn = await page.$eval(`.chart-${chart} canvas`, canvas => canvas.width > 0 && canvas.height > 0 && canvas.toDataURL().length > 2000);
    if (!drawn) fail(`the ${chart} chart is not drawn`);
  }
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, "analytics-video");
  console.log(`video: ${views} views, startup ${startup}, ${stalls} stalls per view`);

  await page.click(".detail > button");
  await page.click("button.show-analytics");
  await page.waitForSelector(".owner-analytics .top-videos tbody tr");
  const drawn = await page.$eval(".chart-owner-minutes canvas", canvas => canvas.toDataURL().length > 2000);
  if (!drawn) fail("the owner's minutes chart is not drawn");
  await screenshot(page, "analytics-owner");
  if (problems.length > 0) fail(`the dashboard broke its policy or threw: ${problems.join(" | ")}`);
  console.log("dashboard: ok");
}
