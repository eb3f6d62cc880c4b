// Opens dashboard pages in Debian's headless Chromium (every host but the server unresolvable) and prints, per
// page and run, the milliseconds from navigation start to the page's 'dse:drawn' mark: for /sweeps/{id}, its chart
// and first page of trials on screen; for /, its first page of sweeps. Each run is a fresh browser context (a cold
// cache, as a first visit); JSON lines on stdout.
//   node open-pages.mjs BASE_URL RUNS PATH...
import {chromium} from 'playwright-core';

const [base, runs, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']});
try {
  for (let run = 1; run <= Number(runs); run++) {
    for (const path of paths) {
      const context = await browser.newContext({viewport: {width: 1280, height: 800}});
      const page = await context.newPage();
      await page.goto(base + path, {waitUntil: 'commit'});
      await page.waitForFunction(() => performance.getEntriesByName('dse:drawn').length > 0, null, {timeout: 60000});
      const ms = await page.evaluate(() => performance.getEntriesByName('dse:drawn')[0].startTime);
      const rows = await page.evaluate(() => document.querySelectorAll('tbody tr').length);
      console.log(JSON.stringify({path, run, ms: Math.round(ms), rows}));
      await context.close();
    }
  }
} finally {
  await browser.close();
}
