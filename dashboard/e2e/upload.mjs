// A creator uploads a big file from the dashboard: it goes up in parts, a part that fails once is sent again on its own,
// the page is reloaded half-way and the upload goes on with only the parts storage had not taken, and the video appears.
// Then the creator renames it and deletes it, after saying yes to the confirmation.
//   node e2e/upload.mjs <base url> <api key> <big video file>
import { api, openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [base, key, bigFile] = process.argv.slice(2);
if (!bigFile) {
  console.error("usage: node e2e/upload.mjs <base url> <api key> <big video file>");
  process.exit(2);
}

const browser = await openBrowser();
try {
  const { page, problems } = await watchedPage(browser);
  await page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), key);

  // Storage as the network makes it: part 2's first PUT fails, and until the reload every part from 3 on is cut off.
  const sent = [];
  let part2Failed = false;
  let cutOffFrom3 = true;
  await page.route(url => url.pathname.startsWith("/storage/"), async route => {
    const request = route.request();
    const part = Number(new URL(request.url()).searchParams.get("part") ?? 0);
    if (request.method() !== "PUT") return route.continue();
    sent.push(part);
    if (part === 2 && !part2Failed) { part2Failed = true; return route.fulfill({ status: 503, body: "slow down" }); }
    if (cutOffFrom3 && part >= 3) return route.abort("connectionreset");
    return route.continue();
  });

  await page.goto(base);
  await page.waitForSelector("header .live");
  await page.setInputFiles(".uploads label.pick input[type=file]", bigFile);
  const upload = page.locator(".upload").first();
  await page.waitForSelector('.upload .part[data-part="1"][data-state="done"]');
  await page.waitForSelector('.upload .part[data-part="2"][data-state="done"]');
  await page.waitForSelector('.upload[data-state="failed"]');
  const videoId = await upload.getAttribute("data-video-id");
  const parts = await page.locator(".upload .part").count();
  if (parts < 3) throw new Error(`the file went up in ${parts} parts; the spec needs at least 3`);
  if (sent.filter(p => p === 2).length !== 2) throw new Error(`part 2 was sent ${sent.filter(p => p === 2).length} times, not twice (once failed, once taken)`);
  await screenshot(page, "upload-1-cut-off");

  // A reload: the upload waits for its file, and picking it sends only what storage has not taken.
  cutOffFrom3 = false;
  sent.length = 0;
  await page.reload();
  await page.waitForSelector(`.upload[data-video-id="${videoId}"][data-state="waiting-for-file"]`);
  await screenshot(page, "upload-2-after-reload");
  await page.setInputFiles(`.upload[data-video-id="${videoId}"] .resume input[type=file]`, bigFile);
  await page.waitForSelector(`tr[data-video-id="${videoId}"]:not([data-status="awaiting_upload"])`);
  if (sent.includes(1) || sent.includes(2)) throw new Error(`parts storage already took were sent again: ${sent.join(",")}`);
  if (sent.length < parts - 2) throw new Error(`only parts ${sent.join(",")} were sent after the reload`);
  const left = await page.evaluate(() => localStorage.getItem("videopipeline.uploads"));
  if (left !== "[]") throw new Error(`a finished upload is still remembered: ${left}`);
  await screenshot(page, "upload-3-done");

  // Rename, then delete: the video leaves the list, and the API no longer knows it.
  await page.locator(`tr[data-video-id="${videoId}"] button.link`).click();
  await page.locator("button.rename").click();
  await page.locator(".rename-form input").fill("Renamed in the dashboard");
  await page.locator(".rename-form button[type=submit]").click();
  await page.waitForSelector("h2 >> text=Renamed in the dashboard");
  await page.locator("button.delete").click();
  await page.waitForSelector(".confirm-delete >> text=cannot be undone");
  await screenshot(page, "upload-4-confirm-delete");
  await page.locator(".confirm-delete button.confirm").click();
  await page.waitForSelector("table.videos");
  await page.waitForSelector(`tr[data-video-id="${videoId}"]`, { state: "detached" });
  const gone = await api(base, key)(`/videos/${videoId}`);
  if (gone.status !== 404) throw new Error(`a deleted video answers ${gone.status}`);
  if (problems.length) throw new Error(problems.join("; "));
  console.log(`upload: ok (${parts} parts, after the reload sent ${sent.join(",")}; renamed and deleted)`);
} finally {
  await browser.close();
}
