// Runs every journey against BASE_URL (the whole stack behind one origin) and exits non-zero if any fails.
// Environment: BASE_URL, ADMIN_USERNAME, ADMIN_PASSWORD, SCREENSHOT_DIR, CHROMIUM, E2E_ONLY (a name filter).
import { BASE_URL, SCREENSHOT_DIR, admin, launch } from './lib.mjs';
import { scenarios } from './scenarios.mjs';

const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
const browser = await launch();
const api = await admin();
const results = [];
console.log(`End-to-end journeys against ${BASE_URL} (screenshots in ${SCREENSHOT_DIR})`);
for (const scenario of scenarios) {
  if (only && !only.test(scenario.name)) {
    continue;
  }
  const started = Date.now();
  console.log(`- ${scenario.name}`);
  try {
    const figures = await scenario(browser, api);
    results.push({ name: scenario.name, ok: true, ms: Date.now() - started, figures });
    console.log(`  ok (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name: scenario.name, ok: false, ms: Date.now() - started, error: String(error?.stack ?? error) });
    console.log(`  FAILED: ${error?.stack ?? error}`);
  }
}
await browser.close();
const failed = results.filter((r) => !r.ok);
console.log(`E2E-RESULT ${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results })}`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
