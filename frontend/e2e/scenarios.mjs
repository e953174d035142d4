// The journeys of issue 6, each a function of the browser and a signed-in admin API session.
import {
  ApiSession,
  LIVE_TIMEOUT,
  at,
  bookSlot,
  check,
  createSlots,
  log,
  openCalendar,
  person,
  register,
  scenarioDay,
  screenshot,
  signIn,
  slot,
  uniqueName,
  waitLive,
  waitState,
  ADMIN_USERNAME,
  ADMIN_PASSWORD,
} from './lib.mjs';
import { calendarFeed, holdExpiresAndWaiterGetsPlace } from './holds.mjs';

async function categories(api) {
  const list = await api.request('GET', '/api/categories');
  check(list.length >= 2, 'expected at least two categories');
  return list;
}

/** A newcomer registers, finds a slot and books it; the slot turns pending, then theirs, with a message. */
export async function newcomerRegistersAndBooks(browser, api) {
  const date = scenarioDay();
  const cats = await categories(api);
  // a week with a few slots in several categories, so the calendar has something to show
  const monday = new Date(`${date}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const day = (offset) => new Date(monday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const plan = [
    [0, '08:00', '09:00', 0, 1], [0, '10:00', '11:30', 1, 3], [0, '13:00', '14:00', 2, 1],
    [1, '07:30', '08:30', 1, 1], [1, '09:00', '10:00', 0, 1], [1, '09:00', '10:00', 2, 2], [1, '15:00', '16:00', 0, 1],
    [2, '08:00', '09:00', 2, 1], [2, '11:00', '12:00', 0, 1], [2, '14:00', '15:30', 1, 4],
    [3, '09:00', '10:00', 0, 1], [3, '12:00', '13:00', 1, 1], [3, '16:00', '17:00', 2, 1],
    [4, '08:00', '09:00', 1, 1], [4, '10:00', '11:00', 0, 1], [4, '13:00', '14:30', 2, 2],
    [5, '09:00', '11:00', 1, 6],
  ];
  const created = await createSlots(api, plan.map(([d, from, to, c, capacity]) => ({
    categoryId: cats[c % cats.length].id, startsAt: at(day(d), from), endsAt: at(day(d), to), capacity,
  })));
  const target = created[1 * 0 + 4]; // Tuesday 09:00, one place
  // someone else already holds two other slots, so "taken" shows too
  const other = await ApiSession.register(uniqueName('early'));
  for (const taken of [created[0], created[10]]) {
    await other.request('POST', '/api/bookings', { slotId: taken.id }, { Prefer: 'wait=8' });
  }

  const { context, page } = await person(browser);
  const username = uniqueName('newcomer');
  await register(page, username);
  await waitLive(page);
  await openCalendar(page, day(1), 'week');
  await waitState(page, created[0].id, 'taken');
  check(await page.getByText(/Times in Europe\/Berlin/).isVisible(), 'the time zone is shown');
  await screenshot(page, 'calendar-week');

  // record every state the slot shows, to see it turn pending before it turns mine
  await page.evaluate((id) => {
    window.__states = [];
    new MutationObserver(() => {
      const state = document.querySelector(`[data-slot-id="${id}"]`)?.getAttribute('data-state');
      if (state && window.__states.at(-1) !== state) window.__states.push(state);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  }, target.id);
  const started = Date.now();
  await bookSlot(page, target.id);
  await waitState(page, target.id, 'mine');
  const decidedMs = Date.now() - started;
  const states = await page.evaluate(() => window.__states);
  const decision = await page.getByTestId('decision').innerText();
  check(/^Booked: /.test(decision), `a confirmation message is shown, got "${decision}"`);
  check(states.join(' ') === 'pending mine', `the slot turned pending at once, then mine: ${states}`);
  await screenshot(page, 'booking-confirmed');
  log(`booked in ${decidedMs} ms (states shown: ${states.join(' → ')}); message: ${decision}`);

  // and it is listed under My bookings
  await page.getByRole('link', { name: 'My bookings' }).first().click();
  await page.getByTestId('bookings').locator('[data-status="CONFIRMED"]').first().waitFor();
  await context.close();
  return { decidedMs };
}

/** Two people look at the same day; one books, the other sees the slot turn taken without reloading. */
export async function otherBrowserSeesBookingLive(browser, api) {
  const date = scenarioDay();
  const cats = await categories(api);
  const [target] = await createSlots(api, [
    { categoryId: cats[0].id, startsAt: at(date, '09:00'), endsAt: at(date, '10:00') },
    { categoryId: cats[1].id, startsAt: at(date, '11:00'), endsAt: at(date, '12:00') },
  ]);
  const alice = await person(browser);
  const bob = await person(browser);
  await register(alice.page, uniqueName('alice'));
  await register(bob.page, uniqueName('bob'));
  await Promise.all([waitLive(alice.page), waitLive(bob.page)]);
  await openCalendar(alice.page, date);
  await openCalendar(bob.page, date);
  await waitState(bob.page, target.id, 'free');

  let navigations = 0;
  bob.page.on('framenavigated', () => navigations++);
  await bookSlot(alice.page, target.id);
  await waitState(alice.page, target.id, 'mine');
  const confirmedAt = Date.now();
  await waitState(bob.page, target.id, 'taken');
  const seenMs = Date.now() - confirmedAt;
  check(navigations === 0, 'the other browser did not reload');
  log(`the other browser showed "taken" ${seenMs} ms after the booker saw the confirmation`);
  await alice.context.close();
  await bob.context.close();
  return { seenMs };
}

/** Two people press Book on the same one-place slot at the same moment: one confirmation, one clear rejection. */
export async function sameSlotFromBothAtOnce(browser, api) {
  const date = scenarioDay();
  const cats = await categories(api);
  const [target] = await createSlots(api, [{ categoryId: cats[2 % cats.length].id, startsAt: at(date, '10:00'), endsAt: at(date, '11:00') }]);
  const people = [await person(browser), await person(browser)];
  await Promise.all(people.map((p, i) => register(p.page, uniqueName(`racer${i}`))));
  await Promise.all(people.map((p) => waitLive(p.page)));
  await Promise.all(people.map((p) => openCalendar(p.page, date)));
  await Promise.all(people.map((p) => slot(p.page, target.id).click()));
  await Promise.all(people.map((p) => p.page.getByTestId('book').click()));

  const outcomes = await Promise.all(
    people.map(async (p) => {
      const decision = p.page.getByTestId('decision');
      await decision.waitFor({ timeout: LIVE_TIMEOUT });
      return { text: await decision.innerText(), state: await slot(p.page, target.id).getAttribute('data-state') };
    }),
  );
  const winners = outcomes.filter((o) => o.text.startsWith('Booked:') && o.state === 'mine');
  const losers = outcomes.filter((o) => o.text.startsWith('Not booked:'));
  check(winners.length === 1 && losers.length === 1, `one confirmation and one rejection, got ${JSON.stringify(outcomes)}`);
  check(/Someone else got the last place/.test(losers[0].text), `the rejection says why: ${losers[0].text}`);
  const loser = people[outcomes.indexOf(losers[0])];
  await waitState(loser.page, target.id, 'taken');
  await screenshot(loser.page, 'booking-rejected');
  log(`winner: "${winners[0].text}"; other: "${losers[0].text}"`);
  for (const p of people) {
    await p.context.close();
  }
  return {};
}

/** An admin creates a weekly series in the admin panel; a person looking at that week sees the slots appear. */
export async function adminSeriesAppearsLive(browser, api) {
  const date = scenarioDay();
  const monday = new Date(`${date}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) + 7);
  const iso = (d) => d.toISOString().slice(0, 10);
  const firstDate = iso(monday);
  const lastDate = iso(new Date(monday.getTime() + 20 * 86_400_000));

  const viewer = await person(browser);
  await register(viewer.page, uniqueName('viewer'));
  await waitLive(viewer.page);
  await openCalendar(viewer.page, firstDate, 'week');
  const before = await viewer.page.locator('[data-slot-id]').count();

  const adminWindow = await person(browser);
  await signIn(adminWindow.page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await adminWindow.page.getByRole('link', { name: 'Admin' }).click();
  const panel = adminWindow.page;
  await panel.getByRole('radio', { name: 'Weekly series' }).or(panel.getByRole('button', { name: 'Weekly series' })).first().click();
  await panel.getByLabel('First date').fill(firstDate);
  await panel.getByLabel('Last date').fill(lastDate);
  await panel.getByRole('checkbox', { name: 'Wed' }).uncheck();
  await panel.getByRole('checkbox', { name: 'Mon' }).check();
  await panel.getByRole('checkbox', { name: 'Thu' }).check();
  await panel.getByLabel('Starts at').fill('18:00');
  await panel.getByLabel('Ends at').fill('19:30');
  await panel.getByLabel('Places').fill('8');
  await panel.getByLabel('Time zone of these times').fill('Europe/Berlin');
  const submitted = Date.now();
  await panel.getByTestId('create-slots').click();
  const created = await panel.getByTestId('created').innerText();
  check(created === '6 slots created.', `three weeks of Monday and Thursday make six slots, got "${created}"`);
  await screenshot(panel, 'admin-panel');

  // the viewer's week holds two of them (Monday and Thursday of the first week)
  await viewer.page.waitForFunction(
    (expected) => document.querySelectorAll('[data-slot-id]').length >= expected,
    before + 2,
    { timeout: LIVE_TIMEOUT },
  );
  const appearedMs = Date.now() - submitted;
  const labels = await viewer.page.locator('[data-slot-id]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  check(labels.filter((l) => /18:00 to 19:30, free, 8 of 8 places left/.test(l)).length === 2, `two new slots at 18:00 Berlin time: ${labels}`);
  log(`the series appeared in the viewer's week ${appearedMs} ms after the admin pressed Create`);
  await screenshot(viewer.page, 'calendar-series-live');
  await viewer.context.close();
  await adminWindow.context.close();
  return { appearedMs };
}

/**
 * A browser loses its live connection; meanwhile someone books a slot and the admin adds one. When the connection
 * comes back it resumes from its last seq, shows both changes and says what happened while it was away.
 */
export async function droppedConnectionRecovers(browser, api) {
  const date = scenarioDay();
  const cats = await categories(api);
  const [first, second] = await createSlots(api, [
    { categoryId: cats[0].id, startsAt: at(date, '08:00'), endsAt: at(date, '09:00') },
    { categoryId: cats[1].id, startsAt: at(date, '10:00'), endsAt: at(date, '11:00') },
  ]);

  const { context, page } = await person(browser);
  let blocked = false;
  const routes = [];
  const urls = [];
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    urls.push(ws.url());
    if (blocked) {
      ws.close({ code: 4000, reason: 'network down' });
      return;
    }
    const server = ws.connectToServer();
    routes.push({ ws, server });
  });
  await register(page, uniqueName('traveller'));
  await waitLive(page);
  await openCalendar(page, date);
  await waitState(page, first.id, 'free');

  // the network goes away
  blocked = true;
  for (const { ws, server } of routes.splice(0)) {
    server.close();
    ws.close({ code: 4000, reason: 'network down' });
  }
  await page.locator('[data-testid="live"][data-state="reconnecting"]').waitFor();
  await screenshot(page, 'reconnecting');

  // meanwhile: someone books the first slot, the admin adds a third one
  const someone = await ApiSession.register(uniqueName('meanwhile'));
  const booked = await someone.request('POST', '/api/bookings', { slotId: first.id }, { Prefer: 'wait=8' });
  check(booked.status === 'CONFIRMED', `the other booking is confirmed: ${booked.status}`);
  const [third] = await createSlots(api, [{ categoryId: cats[2 % cats.length].id, startsAt: at(date, '12:00'), endsAt: at(date, '13:00') }]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  check((await slot(page, first.id).getAttribute('data-state')) === 'free', 'nothing arrives while the connection is down');

  // the network comes back
  blocked = false;
  const reconnectStarted = Date.now();
  await waitLive(page);
  await waitState(page, first.id, 'taken');
  await slot(page, third.id).waitFor();
  const recoveredMs = Date.now() - reconnectStarted;
  const resumeUrl = urls.findLast((u) => u.includes('lastSeq='));
  check(resumeUrl && /lastSeq=\d+&epoch=[^&]+/.test(resumeUrl), `the reconnect resumed from a seq and epoch: ${urls.join(', ')}`);
  const banner = await page.getByTestId('catch-up').innerText({ timeout: LIVE_TIMEOUT });
  check(/change/.test(banner) && !/Nothing changed/.test(banner), `the banner says changes were caught up: ${banner}`);
  const missed = await page.locator('[data-testid="activity"] li.missed').count();
  check(missed >= 2, `the activity lists the missed changes (${missed})`);
  check((await slot(page, second.id).getAttribute('data-state')) === 'free', 'the untouched slot is still free');
  await screenshot(page, 'reconnected', true);
  log(`resumed with ${resumeUrl.replace(/^.*\/ws/, '/ws')}; caught up in ${recoveredMs} ms: "${banner.split('\n')[0]}"`);
  await context.close();
  return { recoveredMs };
}

/** The calendar on a phone: the agenda, a slot and its panel. */
export async function phoneLayout(browser, api) {
  const date = scenarioDay();
  const cats = await categories(api);
  const created = await createSlots(api, cats.slice(0, 3).map((c, i) => ({
    categoryId: c.id, startsAt: at(date, `${String(8 + 2 * i).padStart(2, '0')}:00`), endsAt: at(date, `${String(9 + 2 * i).padStart(2, '0')}:00`), capacity: i + 1,
  })));
  const { context, page } = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
  await register(page, uniqueName('phone'));
  await waitLive(page);
  await page.goto(`/?date=${date}`);
  await slot(page, created[0].id).waitFor();
  check((await page.getByRole('radio', { name: 'Agenda' }).or(page.getByRole('button', { name: 'Agenda' })).first().getAttribute('aria-checked', { timeout: 2000 }).catch(() => null)) !== 'false', 'phones open the agenda');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no sideways scrolling on a phone (${overflow}px too wide)`);
  await slot(page, created[0].id).click();
  await page.getByTestId('slot-panel').waitFor();
  await screenshot(page, 'phone-agenda');
  await context.close();
  return {};
}

export const scenarios = [
  newcomerRegistersAndBooks,
  otherBrowserSeesBookingLive,
  sameSlotFromBothAtOnce,
  adminSeriesAppearsLive,
  droppedConnectionRecovers,
  phoneLayout,
  holdExpiresAndWaiterGetsPlace,
  calendarFeed,
];
