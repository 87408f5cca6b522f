// What every browser spec shares: Debian's Chromium through playwright-core (no browser download), a page that fails
// on a Content Security Policy violation or an uncaught error, and screenshots kept with the test output.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** Debian's Chromium; <args> adds switches (host names resolved to loopback, for pages of several sites). */
export async function openBrowser(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--disable-component-update", ...args],
  });
}

/** A page that records what must not happen on it: CSP violations and uncaught errors. */
export async function watchedPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const problems = [];
  page.on("console", message => { if (/Content Security Policy/i.test(message.text())) problems.push(message.text()); });
  page.on("pageerror", error => problems.push(`uncaught: ${error.message}`));
  return { context, page, problems };
}

/**
 * A watched page on a slow network (Chrome DevTools Protocol: <conditions> as Network.emulateNetworkConditions takes
 * them) for everything it fetches but the app's own code and styles (/assets/), which come at once, as from the cache of
 * a returning viewer: the media and the API crawl, not the 800 kB of scripts a first visit would wait for first.
 */
export async function slowPage(browser, conditions, options = {}) {
  const watched = await watchedPage(browser, options);
  // Fetched by the test's node process, outside the browser's network and its throttling, and handed to the page.
  await watched.page.route(url => url.pathname.startsWith("/assets/"), async route => route.fulfill({ response: await route.fetch() }));
  const cdp = await watched.context.newCDPSession(watched.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...conditions });
  return watched;
}

/** Saves a screenshot under SCREENSHOTS (the test output's folder), named for the spec and the moment. */
export async function screenshot(page, name) {
  const folder = process.env.SCREENSHOTS;
  if (!folder) return;
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

export function api(base, key) {
  return (path, init = {}) => fetch(new URL(path, base), { ...init, headers: { ...init.headers, Authorization: `Bearer ${key}` } });
}
