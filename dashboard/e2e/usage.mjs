// An admin opens the Usage page: every owner's usage of the last 30 days is charted, and an owner at a quota is marked
// at a glance (a summary line, a badge on the owner, the quota's row); an owner's own key sees only its own usage.
// The owner at a quota sees it in the header of its dashboard.
//   node e2e/usage.mjs <base url> <admin key> <owner key> <owner at a quota> <that quota> <its key>
import { openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [base, adminKey, ownerKey, limitedOwner, quota, limitedKey] = process.argv.slice(2);
if (!limitedKey) {
  console.error("usage: node e2e/usage.mjs <base url> <admin key> <owner key> <owner at a quota> <that quota> <its key>");
  process.exit(2);
}

async function openUsage(browser, key) {
  const { page, problems } = await watchedPage(browser);
  await page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), key);
  await page.goto(new URL("/", base).toString());
  await page.locator("button.show-usage").click();
  await page.waitForSelector("section.usage h2 >> text=Usage");
  return { page, problems };
}

/** Waits until the chart's canvas shows bars in the first series' colour (#2563eb). */
async function barsDrawn(page, canvas) {
  await page.waitForFunction(selector => {
    const element = document.querySelector(selector);
    if (!element || element.width === 0) return false;
    const { data } = element.getContext("2d").getImageData(0, 0, element.width, element.height);
    for (let i = 0; i < data.length; i += 4) if (data[i] === 0x25 && data[i + 1] === 0x63 && data[i + 2] === 0xeb && data[i + 3] === 255) return true;
    return false;
  }, canvas, { timeout: 10_000 });
}

const browser = await openBrowser();
try {
  const admin = await openUsage(browser, adminKey);
  const owner = `article.owner-usage[data-owner="${limitedOwner}"]`;
  await admin.page.waitForSelector(`${owner}.at-limit .at-limit-badge`);
  const summary = await admin.page.locator(".at-limit-summary").innerText();
  if (!summary.includes(`${limitedOwner} (${quota})`)) throw new Error(`the summary does not name ${limitedOwner} and ${quota}: ${summary}`);
  await admin.page.waitForSelector(`${owner} tr.quota.at-limit[data-quota="${quota}"]`);
  // Each measure is a chart; the days with usage are drawn as bars (pixels of the first series' colour on its canvas).
  await barsDrawn(admin.page, `${owner} figure[data-chart="Watched (minutes)"] canvas`);
  await barsDrawn(admin.page, `${owner} figure[data-chart="API calls"] canvas`);
  await barsDrawn(admin.page, `${owner} figure[data-chart="Images rendered"] canvas`);
  const charts = await admin.page.locator(`${owner} figure.chart canvas`).count();
  if (charts !== 6) throw new Error(`expected 6 charts for ${limitedOwner}, found ${charts}`);
  const owners = await admin.page.locator("article.owner-usage").count();
  if (owners < 2) throw new Error(`an admin sees every owner with usage, saw ${owners}`);
  await screenshot(admin.page, "usage-1-admin");
  if (admin.problems.length) throw new Error(admin.problems.join("; "));

  const own = await openUsage(browser, ownerKey);
  await own.page.waitForSelector("article.owner-usage");
  const seen = await own.page.locator("article.owner-usage").evaluateAll(articles => articles.map(a => a.getAttribute("data-owner")));
  if (seen.length !== 1 || seen[0] === limitedOwner) throw new Error(`an owner's key sees only its own usage, saw ${seen.join(",")}`);
  await screenshot(own.page, "usage-2-owner");
  if (own.problems.length) throw new Error(own.problems.join("; "));
  const limited = await watchedPage(browser);
  await limited.page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), limitedKey);
  await limited.page.goto(new URL("/", base).toString());
  await limited.page.waitForSelector(`header .quotas-at-limit >> text=${quota}`);
  await screenshot(limited.page, "usage-3-header");
  if (limited.problems.length) throw new Error(limited.problems.join("; "));
  console.log(`usage: ok (${owners} owners; ${limitedOwner} marked at ${quota})`);
} finally {
  await browser.close();
}
