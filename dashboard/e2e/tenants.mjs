// An admin onboards a customer in the dashboard: creates the owner, makes its first key (shown once), suspends it (marked
// at a glance, its key refused) and reinstates it. The owner then makes a read-only key of its own on the Keys page,
// which reads but cannot upload, and revokes it, after which it is refused. A non-admin sees no Owners page.
//   node e2e/tenants.mjs <base url> <admin key> <owner key>
import { api, openBrowser, watchedPage, screenshot } from "./browser.mjs";

const [base, adminKey, ownerKey] = process.argv.slice(2);
if (!ownerKey) {
  console.error("usage: node e2e/tenants.mjs <base url> <admin key> <owner key>");
  process.exit(2);
}

const expectStatus = async (key, path, status, init = {}) => {
  const answer = await api(base, key)(path, init);
  if (answer.status !== status) throw new Error(`${init.method ?? "GET"} ${path}: ${answer.status}, expected ${status}: ${await answer.text()}`);
  return answer;
};

const browser = await openBrowser();
try {
  const admin = await watchedPage(browser);
  const page = admin.page;
  await page.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), adminKey);
  await page.goto(base);
  await page.locator("button.show-owners").click();

  const id = `acme-${Date.now().toString(36)}`;
  await page.fill("input[name=owner-id]", id);
  await page.fill("input[name=owner-name]", "Acme Corp");
  await page.locator("form.new-owner button[type=submit]").click();
  const row = `tr.tenant-owner[data-owner-id="${id}"]`;
  await page.waitForSelector(`${row}[data-status="active"]`);
  await page.locator(`${row} button.new-owner-key`).click();
  const firstKey = (await page.locator(".shown-once .new-key").innerText()).trim();
  await page.locator(".shown-once button.done").click();
  if (await page.locator(".shown-once").count()) throw new Error("the key is still shown");
  await expectStatus(firstKey, "/videos", 200);

  await page.locator(`${row} button.suspend`).click();
  await page.waitForSelector(`${row}[data-status="suspended"] .badge.suspended`);
  await screenshot(page, "owners-suspended");
  const refused = await (await expectStatus(firstKey, "/videos", 403)).json();
  if (refused.title !== "The owner is suspended.") throw new Error(`suspended owner refused with: ${JSON.stringify(refused)}`);
  await page.locator(`${row} button.reinstate`).click();
  await page.waitForSelector(`${row}[data-status="active"]`);
  await expectStatus(firstKey, "/videos", 200);

  const owner = await watchedPage(browser);
  const mine = owner.page;
  await mine.addInitScript(k => localStorage.setItem("videopipeline.apiKey", k), ownerKey);
  const adminCheck = mine.waitForResponse(r => new URL(r.url()).pathname === "/admin/owners");
  await mine.goto(base);
  if ((await adminCheck).status() !== 403) throw new Error("an owner's key reached /admin/owners");
  await mine.waitForSelector("header .live");
  if (await mine.locator("button.show-owners").count()) throw new Error("a non-admin is offered the Owners page");

  await mine.locator("button.show-keys").click();
  await mine.fill("input[name=key-name]", "browser");
  await mine.selectOption("select[name=key-scope]", "read");
  await mine.locator("form.new-key-form button[type=submit]").click();
  const readKey = (await mine.locator(".shown-once .new-key").innerText()).trim();
  const listed = mine.locator("tr.api-key", { hasText: "browser" });
  await listed.waitFor();
  if ((await listed.locator(".scopes").innerText()).trim() !== "read") throw new Error("the new key is not listed as read-only");
  if ((await mine.locator("table.api-keys").innerText()).includes(readKey)) throw new Error("the list shows the key itself");
  await screenshot(mine, "keys-created");
  await expectStatus(readKey, "/videos", 200);
  await expectStatus(readKey, "/upload/request", 403, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title: "t", fileName: "a.mp4" }),
  });

  mine.on("dialog", dialog => dialog.accept());
  await listed.locator("button.revoke").click();
  await listed.waitFor({ state: "detached" });
  await expectStatus(readKey, "/videos", 401);

  const problems = [...admin.problems, ...owner.problems];
  if (problems.length) throw new Error(problems.join("; "));
  console.log(`tenants: ok (owner ${id})`);
} finally {
  await browser.close();
}
