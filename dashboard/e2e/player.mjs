// A viewer opens the player page from its signed link: it plays (the time advances 3 s, no error), a caption cue shows,
// the storyboard previews the time under the pointer on the seek bar, a throttled network makes it switch to a lower
// rung, and an expired link says so instead of showing a broken player.
//   node e2e/player.mjs <embed url> <expired embed url>
import { openBrowser, watchedPage, slowPage, screenshot } from "./browser.mjs";

const [embed, expiredEmbed] = process.argv.slice(2);
if (!expiredEmbed) {
  console.error("usage: node e2e/player.mjs <embed url> <expired embed url>");
  process.exit(2);
}

const fail = message => { throw new Error(message); };
const browser = await openBrowser();
try {
  // The page inside an <iframe> of another page, as a site would embed it (the service itself may frame it).
  const { page, problems } = await watchedPage(browser, { viewport: { width: 1000, height: 700 } });
  await page.goto(new URL("/", embed).toString());
  await page.setContent(`<iframe src="${embed}" width="960" height="540" allow="fullscreen; autoplay"></iframe>`);
  const frame = await (await page.waitForSelector("iframe")).contentFrame();
  await frame.waitForSelector(".player video");
  await frame.evaluate(() => {
    window.videoErrors = [];
    document.querySelector("video").addEventListener("error", () => window.videoErrors.push(document.querySelector("video").error?.message ?? "error"));
  });
  await frame.waitForSelector("select.quality");
  await frame.selectOption("select.captions", { index: 1 });
  await frame.click("button.play");

  const start = await frame.evaluate(() => document.querySelector("video").currentTime);
  await frame.waitForFunction(from => document.querySelector("video").currentTime >= from + 3, start, { timeout: 60_000 });
  const cue = await (await frame.waitForSelector(".caption-cue")).textContent();
  if (!cue.includes("Hello from the captions")) fail(`the caption shown was "${cue}"`);
  await screenshot(page, "player-playing-with-captions");

  const bar = await (await frame.waitForSelector(".seek")).boundingBox();
  await frame.waitForFunction(() => document.querySelector("video").duration > 0);
  await page.mouse.move(bar.x + bar.width * 0.6, bar.y + bar.height / 2);
  const preview = await frame.waitForSelector(".storyboard-preview");
  const style = await preview.getAttribute("style");
  if (!/background-image: url\(/.test(style) || !/background-position: -?\d+px -?\d+px/.test(style)) fail(`the preview is ${style}`);
  const sprite = await frame.evaluate(() => new Promise(resolve => {
    const url = getComputedStyle(document.querySelector(".storyboard-preview")).backgroundImage.slice(5, -2);
    const image = new Image();
    image.onload = () => resolve(`${image.naturalWidth}x${image.naturalHeight}`);
    image.onerror = () => resolve("unloadable");
    image.src = url;
  }));
  if (sprite === "unloadable") fail("the storyboard sprite does not load");
  await screenshot(page, "player-storyboard-preview");

  const errors = await frame.evaluate(() => window.videoErrors);
  if (errors.length > 0) fail(`the video reported errors: ${errors.join(", ")}`);
  if (await frame.$(".player-error")) fail(`the player shows: ${await frame.textContent(".player-error")}`);
  if (problems.length > 0) fail(`the page broke its policy or threw: ${problems.join(" | ")}`);
  const height = Number(await frame.getAttribute(".player", "data-playing-height"));
  console.log(`played at ${height}p, caption "${cue.trim()}", storyboard sprite ${sprite}`);

  // The same link on a slow network: the player starts high (its first estimate is a good connection) and steps down.
  const slow = await slowPage(browser, { latency: 150, downloadThroughput: 40_000, uploadThroughput: 40_000 }, { viewport: { width: 960, height: 540 } });
  await slow.page.goto(embed);
  await slow.page.waitForSelector("select.quality");
  await slow.page.click("button.play");
  await slow.page.waitForFunction(top => {
    const playing = Number(document.querySelector(".player").dataset.playingHeight);
    return playing > 0 && playing < top;
  }, height, { timeout: 90_000 });
  const lower = await slow.page.getAttribute(".player", "data-playing-height");
  await screenshot(slow.page, "player-throttled");
  console.log(`throttled: switched from ${height}p to ${lower}p`);

  const { page: late } = await watchedPage(browser);
  await late.goto(expiredEmbed);
  const message = await (await late.waitForSelector(".unavailable.expired")).textContent();
  if (await late.$(".player video")) fail("an expired link shows a player");
  await screenshot(late, "player-expired-link");
  console.log(`expired: "${message}"`);
  console.log("player: ok");
} finally {
  await browser.close();
}
