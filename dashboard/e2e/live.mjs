// An owner broadcasts from the dashboard's Live page: creates a live stream (the RTMP URL and key shown once), sees a
// simulcast target that is not RTMP refused with the API's words and adds one that cannot be reached (its key masked),
// publishes to the stream with ffmpeg, sees it go live and plays it in the player page's preview, sees the target fail
// (its reason masked too) and removes it, ends the broadcast and finds its recording processed, resets the key (the old
// one is refused from then on), and deletes the stream. What the page did to the targets is checked through the API.
//   node e2e/live.mjs <base url> <api key>
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { api, openBrowser, watchedPage, screenshot } from "./browser.mjs";

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

/** A loopback port nothing listens on: a simulcast target there is refused at every attempt. */
const deadPort = () => new Promise(resolve => {
  const server = createServer().listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

const within = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms))]);

const call = api(base, key);
const read = async path => {
  const response = await call(path);
  return { status: response.status, body: response.ok ? await response.json() : null };
};

const browser = await openBrowser();
const publishers = [];
try {
  const { page, problems } = await watchedPage(browser, { viewport: { width: 1200, height: 1000 } });
  await page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), key);
  page.on("dialog", dialog => dialog.accept());
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
  const streamId = await stream.getAttribute("data-live-stream-id");
  const targetsOf = async () => (await read(`/live-streams/${streamId}`)).body.simulcastTargets;

  const targets = stream.getByRole("region", { name: /^Simulcast targets/ });
  const targetKey = `target-key-${Date.now().toString(36)}`;
  await targets.getByLabel("Target URL").fill(`https://a.rtmp.example.com/live2/${targetKey}`);
  await targets.getByRole("button", { name: "Add target" }).click();
  const refusal = (await targets.getByRole("alert").innerText()).trim();
  if (!refusal.includes("'url' must be an absolute rtmp or rtmps URL")) fail(`the refused target shows "${refusal}"`);
  if ((await targetsOf()).length !== 0) fail("the refused target was added");
  await screenshot(page, "live-simulcast-target-refused");

  const masked = `rtmp://127.0.0.1:${await deadPort()}/app/****`;
  await targets.getByLabel("Target URL").fill(masked.replace("****", targetKey));
  await targets.getByLabel("Label", { exact: true }).fill("nowhere");
  await targets.getByRole("button", { name: "Add target" }).click();
  const target = targets.locator("li.simulcast-target", { hasText: "nowhere" });
  await target.locator(".target-status.idle").waitFor();
  await targets.getByRole("alert").waitFor({ state: "detached" });
  const shownUrl = await target.locator(".target-url").innerText();
  if (shownUrl !== masked) fail(`the target is shown as ${shownUrl}, not ${masked}`);
  const targetId = await target.getAttribute("data-target-id");
  const [added, ...more] = await targetsOf();
  if (more.length || added.id !== targetId || added.url !== masked || added.passthrough !== "nowhere") fail(`the API has ${JSON.stringify([added, ...more])}`);

  const broadcast = publish(rtmpUrl, streamKey, 120);
  publishers.push(broadcast);
  await stream.locator(".live-status.active").waitFor({ timeout: 60_000 });
  const frame = await (await stream.locator("iframe.player-frame").elementHandle({ timeout: 60_000 })).contentFrame();
  await frame.waitForSelector(".player video");
  await frame.click("button.play");
  const start = await frame.evaluate(() => document.querySelector("video").currentTime);
  await frame.waitForFunction(from => document.querySelector("video").currentTime >= from + 2, start, { timeout: 60_000 });
  if (await frame.$(".player-error")) fail(`the preview shows: ${await frame.textContent(".player-error")}`);
  await target.locator(".target-status.failed").waitFor({ timeout: 60_000 });
  const reason = (await target.locator(".target-reason").innerText()).trim();
  const [failed] = await targetsOf();
  if (failed.status !== "failed" || !reason || reason !== failed.reason?.replace(/\s+/g, " ").trim()) fail(`the failed target shows "${reason}", the API has ${JSON.stringify(failed)}`);
  if ((await page.locator("section.live-streams").innerText()).includes(targetKey)) fail("the target's key is shown");
  await screenshot(page, "live-preview-playing");

  await target.getByRole("button", { name: "Remove the target nowhere" }).click();
  await target.waitFor({ state: "detached" });
  await targets.locator(".no-targets").waitFor();
  if ((await targetsOf()).length !== 0) fail("the removed target is still the stream's");
  if ((await read(`/live-streams/${streamId}/simulcast-targets/${targetId}`)).status !== 404) fail("the removed target is still found");

  await stream.locator("button.complete").click();
  await stream.locator(".live-status.idle").waitFor({ timeout: 60_000 });
  const code = await within(broadcast.exited, 30_000, "the publisher to be dropped");
  if (code === 0) fail("the publisher was not dropped when the broadcast ended");
  await stream.locator('li.recording[data-status="processed"]').waitFor({ timeout: 60_000 });
  if ((await stream.locator("li.recording").count()) !== 1) fail("one broadcast, one recording");
  await screenshot(page, "live-recording-finished");

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
