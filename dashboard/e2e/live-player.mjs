// A viewer opens the player page of a broadcast under way: it plays the live stream (the time advances 3 s, no error)
// and shows how far behind the broadcaster it is. With a number of seconds, it then samples that distance once a second
// for as long and prints the samples (bench/live.sh reads them).
//   node e2e/live-player.mjs <embed url> [sample seconds]
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [embed, sampleSeconds] = process.argv.slice(2);
if (!embed) {
  console.error("usage: node e2e/live-player.mjs <embed url> [sample seconds]");
  process.exit(2);
}

const fail = message => { throw new Error(message); };
const browser = await openBrowser();
try {
  const { page, problems } = await watchedPage(browser, { viewport: { width: 960, height: 540 } });
  await page.goto(embed);
  await page.waitForSelector(".player video");
  await page.evaluate(() => {
    window.videoErrors = [];
    document.querySelector("video").addEventListener("error", () => window.videoErrors.push(document.querySelector("video").error?.message ?? "error"));
  });
  await page.click("button.play");

  const start = await page.evaluate(() => document.querySelector("video").currentTime);
  await page.waitForFunction(from => document.querySelector("video").currentTime >= from + 3, start, { timeout: 90_000 });
  const badge = await (await page.waitForSelector(".live-badge")).textContent();
  await screenshot(page, "live-player-playing");
  const behind = Number(await page.getAttribute(".player", "data-behind-live"));
  if (!(behind > 0)) fail(`the player does not know how far behind live it is: "${behind}"`);

  const samples = [];
  for (let i = 0; i < Number(sampleSeconds ?? 0); i++) {
    await page.waitForTimeout(1000);
    const playing = await page.evaluate(() => !document.querySelector("video").paused);
    const value = Number(await page.getAttribute(".player", "data-behind-live"));
    if (playing && value > 0) samples.push(value);
  }

  const errors = await page.evaluate(() => window.videoErrors);
  if (errors.length > 0) fail(`the video reported errors: ${errors.join(", ")}`);
  if (await page.$(".player-error")) fail(`the player shows: ${await page.textContent(".player-error")}`);
  if (problems.length > 0) fail(`the page broke its policy or threw: ${problems.join(" | ")}`);
  if (samples.length > 0) console.log(`samples: ${samples.map(s => s.toFixed(3)).join(" ")}`);
  console.log(`live player: ok (${badge.trim()}, ${behind.toFixed(2)} s behind)`);
} finally {
  await browser.close();
}
