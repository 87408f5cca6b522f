// An integrator's own player, on a page of its own origin: a page this script serves on another loopback port loads
// hls.js and dash.js (from npm) and plays the signed HLS and DASH URLs of /play, fetching playlists, manifests and
// segments from the service and its storage across origins. Each must play 3 s with no player error.
//   node e2e/own-player.mjs <signed hls url> <signed dash url>
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [hls, dash] = process.argv.slice(2);
if (!dash) {
  console.error("usage: node e2e/own-player.mjs <signed hls url> <signed dash url>");
  process.exit(2);
}

const fail = message => { throw new Error(message); };
const files = {
  "/hls.js": new URL("../node_modules/hls.js/dist/hls.min.js", import.meta.url),
  "/dash.js": new URL("../node_modules/dashjs/dist/modern/umd/dash.all.min.js", import.meta.url),
};

// The integrator's page: a bare <video> and the two players' own APIs; errors the players report are collected.
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>An integrator's player</title>
<script src="/hls.js"></script><script src="/dash.js"></script></head>
<body><video muted playsinline width="640" height="360"></video>
<script>
  window.playerErrors = [];
  const video = document.querySelector("video");
  video.addEventListener("error", () => window.playerErrors.push("video: " + (video.error && video.error.message)));
  window.playHls = url => {
    const hls = new Hls();
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) window.playerErrors.push("hls.js: " + data.details + " " + (data.response ? data.response.code : "")); });
    hls.on(Hls.Events.MANIFEST_PARSED, () => video.play());
    hls.loadSource(url);
    hls.attachMedia(video);
  };
  window.playDash = url => {
    const player = dashjs.MediaPlayer().create();
    player.on(dashjs.MediaPlayer.events.ERROR, e => window.playerErrors.push("dash.js: " + JSON.stringify(e.error)));
    player.initialize(video, url, true);
  };
</script></body></html>`;

const server = createServer(async (request, response) => {
  const path = new URL(request.url, "http://page").pathname;
  if (path === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  } else if (files[path]) {
    response.writeHead(200, { "Content-Type": "text/javascript" }).end(await readFile(files[path]));
  } else {
    response.writeHead(404).end();
  }
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await openBrowser();
try {
  for (const [name, url, start] of [["hls", hls, "playHls"], ["dash", dash, "playDash"]]) {
    if (new URL(url).origin === origin) fail(`the ${name} URL is on the page's own origin`);
    const { page: tab, problems } = await watchedPage(browser, { viewport: { width: 700, height: 420 } });
    const blocked = [];
    tab.on("console", message => { if (/CORS|Access-Control/i.test(message.text())) blocked.push(message.text()); });
    // A player cancelling a request it no longer needs (net::ERR_ABORTED) is not a failure; a blocked one is.
    tab.on("requestfailed", request => {
      const reason = request.failure()?.errorText ?? "";
      if (!/ERR_ABORTED/.test(reason)) blocked.push(`${reason}: ${request.url()}`);
    });
    await tab.goto(`${origin}/`);
    await tab.evaluate(([play, link]) => window[play](link), [start, url]);

    // Playing 3 s, or an error reported by the player: whichever comes first, within a minute.
    await tab.waitForFunction(() => document.querySelector("video").currentTime >= 3 || window.playerErrors.length > 0, null, { timeout: 60_000 });
    const errors = await tab.evaluate(() => window.playerErrors);
    await screenshot(tab, `own-player-${name}`);
    const said = [...new Set(blocked)].slice(0, 3).join(" | ");
    if (errors.length > 0) fail(`${name}: the player reported ${errors.join(" | ")}; the browser said ${said || "nothing"}`);
    if (blocked.length > 0) fail(`${name}: the browser blocked ${said}`);
    if (problems.length > 0) fail(`${name}: the page threw ${problems.join(" | ")}`);
    const played = await tab.evaluate(() => ({ time: document.querySelector("video").currentTime, height: document.querySelector("video").videoHeight }));
    console.log(`${name}: played ${played.time.toFixed(1)} s at ${played.height}p from ${origin}, fetching from ${new URL(url).origin}`);
    await tab.context().close();
  }
  console.log("own player: ok");
} finally {
  await browser.close();
  server.close();
}
