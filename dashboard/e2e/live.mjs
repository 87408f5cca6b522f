// An owner broadcasts from the dashboard's Live page: creates a live stream (the RTMP URL and key shown once), publishes
// to it with ffmpeg, sees it go live and plays it in the player page's preview, ends the broadcast and finds its recording
// processed, resets the key (the old one is refused from then on), and deletes the stream.
//   node e2e/live.mjs <base url> <api key>
import { spawn } from "node:child_process";
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [base, key] = process.argv.slice(2);
if (!key) {
  console.error("usage: node e2e/live.mjs <base url> <api key>");
  process.exit(2);
}

const fail = message => { throw new Error(message); };

/** ffmpeg publishing a small test picture and tone in real time; resolves with its exit code when it ends. */
function publish(rtmpUrl, streamKey, seconds) {
  const child = spawn("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
    "-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
    "-f", "flv", `${rtmpUrl.replace(/\/$/, "")}/${streamKey}`,
  ], { stdio: "ignore" });
  const exited = new Promise(resolve => child.on("exit", code => resolve(code)));
  return { exited, stop: () => child.kill("SIGKILL") };
}

const within = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms))]);

const browser = await openBrowser();
const publishers = [];
try {
  const { page, problems } = await watchedPage(browser, { viewport: { width: 1200, height: 1000 } });
  await page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), key);
  await page.goto(base);
  await page.locator("button.show-live").click();

  const title = `Live from the dashboard ${Date.now().toString(36)}`;
  await page.fill("input[name=live-title]", title);
  await page.fill("input[name=live-window]", "10");
  await page.locator("form.new-live-stream button[type=submit]").click();
  const streamKey = (await page.locator(".stream-key .new-stream-key").innerText()).trim();
  const rtmpUrl = (await page.locator(".stream-key .rtmp-url").innerText()).trim();
  if (!/^sk_/.test(streamKey) || !rtmpUrl.startsWith("rtmp://")) fail(`shown: ${rtmpUrl} / ${streamKey}`);
  await page.locator(".stream-key button.done").click();
  const stream = page.locator("article.live-stream", { hasText: title });
  await stream.waitFor();
  if ((await page.locator("section.live-streams").innerText()).includes(streamKey)) fail("the key is still shown");
  await stream.locator(".live-status.idle").waitFor();

  const broadcast = publish(rtmpUrl, streamKey, 120);
  publishers.push(broadcast);
  await stream.locator(".live-status.active").waitFor({ timeout: 60_000 });
  const frame = await (await stream.locator("iframe.player-frame").elementHandle({ timeout: 60_000 })).contentFrame();
  await frame.waitForSelector(".player video");
  await frame.click("button.play");
  const start = await frame.evaluate(() => document.querySelector("video").currentTime);
  await frame.waitForFunction(from => document.querySelector("video").currentTime >= from + 2, start, { timeout: 60_000 });
  if (await frame.$(".player-error")) fail(`the preview shows: ${await frame.textContent(".player-error")}`);
  await screenshot(page, "live-preview-playing");

  await stream.locator("button.complete").click();
  await stream.locator(".live-status.idle").waitFor({ timeout: 60_000 });
  const code = await within(broadcast.exited, 30_000, "the publisher to be dropped");
  if (code === 0) fail("the publisher was not dropped when the broadcast ended");
  await stream.locator('li.recording[data-status="processed"]').waitFor({ timeout: 60_000 });
  if ((await stream.locator("li.recording").count()) !== 1) fail("one broadcast, one recording");
  await screenshot(page, "live-recording-finished");

  page.on("dialog", dialog => dialog.accept());
  await stream.locator("button.reset-key").click();
  const newKey = (await page.locator(".stream-key .new-stream-key").innerText()).trim();
  if (newKey === streamKey || !/^sk_/.test(newKey)) fail("reset showed no new key");
  await page.locator(".stream-key button.done").click();
  const refused = publish(rtmpUrl, streamKey, 10);
  publishers.push(refused);
  if (await within(refused.exited, 30_000, "the old key to be refused") === 0) fail("the old key was accepted after the reset");

  await stream.locator("button.delete").click();
  await stream.waitFor({ state: "detached" });

  if (problems.length) fail(problems.join("; "));
  console.log(`live: ok (${title})`);
} finally {
  for (const p of publishers) p.stop();
  await browser.close();
}
