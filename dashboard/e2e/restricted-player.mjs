// The player page opened with a playback token whose restriction allows *.allowed.test: a page of www.allowed.test
// embeds it in an <iframe> and it plays (the time advances 2 s, or to the clip's end, no error); the same <iframe> on a page of
// www.elsewhere.test shows the refusal instead of a player. Both pages are served by this script on loopback, under two
// host names Chromium resolves to 127.0.0.1, so each is a site of its own (its own origin and Referer).
//   node e2e/restricted-player.mjs <player page url with ?token=>
import { createServer } from "node:http";
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [embed] = process.argv.slice(2);
if (!embed) {
  console.error("usage: node e2e/restricted-player.mjs <player page url with ?token=>");
  process.exit(2);
}

const fail = message => { throw new Error(message); };
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>A site embedding the player</title></head>
<body><h1>Our video</h1><iframe src="${embed.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}" width="800" height="450" allow="autoplay; fullscreen"></iframe></body></html>`;
const server = createServer((request, response) => {
  if (new URL(request.url, "http://page").pathname === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  } else {
    response.writeHead(404).end();
  }
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const port = server.address().port;

const browser = await openBrowser(["--host-resolver-rules=MAP www.allowed.test 127.0.0.1, MAP www.elsewhere.test 127.0.0.1"]);
try {
  const allowed = await watchedPage(browser, { viewport: { width: 900, height: 600 } });
  await allowed.page.goto(`http://www.allowed.test:${port}/`);
  const player = await (await allowed.page.waitForSelector("iframe")).contentFrame();
  await player.waitForSelector(".player video");
  await player.click("button.play");
  const start = await player.evaluate(() => document.querySelector("video").currentTime);
  // The clip lasts 2 s: its end may come a frame short of start + 2, so having played to the end counts too.
  await player.waitForFunction(from => {
    const video = document.querySelector("video");
    return video.currentTime >= from + 2 || (video.ended && video.currentTime > from + 1) || document.querySelector(".player-error");
  }, start, { timeout: 60_000 });
  if (await player.$(".player-error")) fail(`on the allowed site the player shows: ${await player.textContent(".player-error")}`);
  if (allowed.problems.length > 0) fail(`the allowed site's page broke its policy or threw: ${allowed.problems.join(" | ")}`);
  await screenshot(allowed.page, "restricted-player-allowed-site");
  const played = await player.evaluate(() => document.querySelector("video").currentTime);
  console.log(`allowed site: played ${played.toFixed(1)} s`);

  const elsewhere = await watchedPage(browser, { viewport: { width: 900, height: 600 } });
  await elsewhere.page.goto(`http://www.elsewhere.test:${port}/`);
  const refused = await (await elsewhere.page.waitForSelector("iframe")).contentFrame();
  const message = await (await refused.waitForSelector(".player-refused")).textContent();
  if (await refused.$("video")) fail("the other site shows a player");
  if (!message.includes("Playback is not allowed here")) fail(`the other site shows "${message}"`);
  await screenshot(elsewhere.page, "restricted-player-other-site");
  console.log(`other site: refused, "${message}"`);
} finally {
  await browser.close();
  server.close();
}
