// The journeys of issue 9: a hold that expires and hands its place to the first in the waitlist, live; the private
// calendar feed. The hold journey needs the stream processor started with a short hold
// (slotstream.processor.hold-duration, e.g. PT8S) and HOLD_SECONDS set to the same number of seconds.
import {
  BASE_URL,
  LIVE_TIMEOUT,
  at,
  check,
  createSlots,
  log,
  openCalendar,
  person,
  register,
  scenarioDay,
  screenshot,
  slot,
  uniqueName,
  waitLive,
  waitState,
} from './lib.mjs';

/** How long the stack's holds last (the processor's hold-duration), in seconds. */
export const HOLD_SECONDS = Number(process.env.HOLD_SECONDS ?? 8);

/** Seconds on a countdown such as "0:07" or "4:59". */
function seconds(clock) {
  const [m, s] = clock.trim().split(':').map(Number);
  return m * 60 + s;
}

/**
 * Ann holds the only place of a slot and lets the hold run out; Ben, in the waitlist, is offered the place live (a
 * notification with a countdown), confirms it, and the slot is his. Neither browser reloads.
 */
export async function holdExpiresAndWaiterGetsPlace(browser, api) {
  const date = scenarioDay();
  const cats = await api.request('GET', '/api/categories');
  const [target] = await createSlots(api, [
    { categoryId: cats[0].id, startsAt: at(date, '09:00'), endsAt: at(date, '10:00'), capacity: 1 },
  ]);
  const ann = await person(browser);
  const ben = await person(browser);
  await register(ann.page, uniqueName('ann'));
  await register(ben.page, uniqueName('ben'));
  await Promise.all([waitLive(ann.page), waitLive(ben.page)]);
  await openCalendar(ann.page, date);
  await openCalendar(ben.page, date);
  await waitState(ben.page, target.id, 'free');
  let navigations = 0;
  ben.page.on('framenavigated', () => navigations++);
  ann.page.on('framenavigated', () => navigations++);

  // Ann holds the place: a countdown from the hold duration
  await slot(ann.page, target.id).click();
  await ann.page.getByTestId('hold-button').click();
  await waitState(ann.page, target.id, 'held');
  const heldAt = Date.now();
  const first = seconds(await ann.page.getByTestId('countdown').innerText());
  check(first > 0 && first <= HOLD_SECONDS, `the countdown starts at most at the hold duration (${HOLD_SECONDS} s), shows ${first} s`);

  // Ben sees the slot taken (a held place counts) and joins its waitlist, live, before the hold runs out
  await waitState(ben.page, target.id, 'taken');
  await slot(ben.page, target.id).click();
  await ben.page.getByTestId('join-waitlist').click();
  await waitState(ben.page, target.id, 'waiting');
  const joinedMs = Date.now() - heldAt;
  check(joinedMs < HOLD_SECONDS * 1000, `Ben joined the waitlist ${joinedMs} ms into a ${HOLD_SECONDS} s hold`);
  check(await ann.page.getByTestId('confirm').isVisible(), 'a held place offers Confirm');
  check(await ann.page.getByTestId('release').isVisible(), 'a held place offers Release');
  await screenshot(ann.page, 'hold-countdown');
  const position = await ben.page.getByTestId('waitlist-position').innerText();
  check(/number 1 in the waitlist/.test(position), `Ben is first in the waitlist: "${position}"`);
  await screenshot(ben.page, 'waitlist-position');

  // the countdown runs down on Ann's screen without a reload
  await ann.page.waitForFunction(
    (start) => {
      const text = document.querySelector('[data-testid="countdown"]')?.textContent ?? '';
      const [m, s] = text.trim().split(':').map(Number);
      return text === '' || m * 60 + s < start;
    },
    first,
    { timeout: 5000 },
  );

  // Ann does nothing: the hold expires on the processor's clock and she is told so
  const expiry = HOLD_SECONDS * 1000 + LIVE_TIMEOUT;
  await ann.page.getByTestId('decision').filter({ hasText: 'Hold expired' }).waitFor({ timeout: expiry });
  const expiredAfterMs = Date.now() - heldAt;
  check(expiredAfterMs >= (HOLD_SECONDS - 1) * 1000, `the hold lasted its time (${expiredAfterMs} ms)`);
  await screenshot(ann.page, 'hold-expired');

  // Ben is offered the place at once: a notification with its own countdown, and the slot is held for him
  const offer = ben.page.getByTestId('offer');
  await offer.waitFor({ timeout: LIVE_TIMEOUT });
  const offeredAfterMs = Date.now() - heldAt;
  await waitState(ben.page, target.id, 'held');
  const offerClock = seconds(await ben.page.getByTestId('offer-countdown').innerText());
  check(offerClock > 0 && offerClock <= HOLD_SECONDS, `the offer counts down from the hold duration, shows ${offerClock} s`);
  check(/A place came free for you/.test(await offer.innerText()), 'the offer says what happened');
  await screenshot(ben.page, 'waitlist-offer');

  // Ben confirms from the notification; the place is his, and Ann sees it taken
  await ben.page.getByTestId('offer-confirm').click();
  await waitState(ben.page, target.id, 'mine', HOLD_SECONDS * 1000 + LIVE_TIMEOUT);
  await waitState(ann.page, target.id, 'taken');
  check(navigations === 0, 'neither browser reloaded');
  await screenshot(ben.page, 'waitlist-confirmed');

  // his booking's history tells the story
  await ben.page.getByRole('link', { name: 'My bookings' }).first().click();
  const row = ben.page.getByTestId('bookings').locator('[data-status="CONFIRMED"]').first();
  await row.getByRole('button', { name: 'History' }).click();
  for (const what of ['REQUESTED', 'WAITLISTED', 'OFFERED', 'CONFIRMED']) {
    await row.locator(`[data-what="${what}"]`).first().waitFor({ timeout: LIVE_TIMEOUT });
  }
  await screenshot(ben.page, 'booking-history');
  log(`hold expired after ${expiredAfterMs} ms; the waiter was offered the place ${offeredAfterMs - expiredAfterMs} ms later`);
  await ann.context.close();
  await ben.context.close();
  return { expiredAfterMs, offeredAfterMs };
}

/** A person makes a private calendar feed, a calendar app (no session) reads it, and after revoking it is gone. */
export async function calendarFeed(browser, api) {
  const date = scenarioDay();
  const cats = await api.request('GET', '/api/categories');
  const [target] = await createSlots(api, [
    { categoryId: cats[0].id, startsAt: at(date, '14:00'), endsAt: at(date, '15:00'), capacity: 2 },
  ]);
  const { context, page } = await person(browser);
  await register(page, uniqueName('feed'));
  await waitLive(page);
  await openCalendar(page, date);
  await slot(page, target.id).click();
  await page.getByTestId('book').click();
  await waitState(page, target.id, 'mine');

  await page.getByRole('link', { name: 'My bookings' }).first().click();
  await page.getByTestId('feed-create').click();
  const url = await page.getByTestId('feed-url').inputValue();
  check(/\/api\/calendar\/[^/]+\.ics$/.test(url), `a feed URL: ${url}`);
  await screenshot(page, 'calendar-feed');
  // read it as a calendar app would, without cookies, through the same front door
  const feedPath = new URL(url).pathname;
  const ics = await fetch(BASE_URL + feedPath);
  const body = await ics.text();
  check(ics.status === 200 && /text\/calendar/.test(ics.headers.get('content-type') ?? ''), `the feed answers text/calendar: ${ics.status}`);
  check(body.includes('BEGIN:VCALENDAR') && body.includes('BEGIN:VEVENT'), 'the feed holds the booking as an event');

  await page.getByTestId('feed-revoke').click();
  await page.getByTestId('feed-revoked').waitFor();
  const gone = await fetch(BASE_URL + feedPath);
  check(gone.status === 404, `a revoked feed answers 404, got ${gone.status}`);
  await context.close();
  return {};
}
