// Helpers for the end-to-end journeys: a browser (Debian's Chromium through playwright-core, never a downloaded
// one), people who sign up and book, and an admin API client for setting the scene.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
export const ADMIN_USERNAME = process.env.ADMIN_USERNAME ?? 'admin';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Every person's password in the journeys (it must not contain the username). */
export const PASSWORD = 'correct-horse-battery-42';
export const TIMEZONE = process.env.E2E_TIMEZONE ?? 'Europe/Berlin';
/** How long a live change may take to show in another browser. */
export const LIVE_TIMEOUT = Number(process.env.E2E_LIVE_TIMEOUT_MS ?? 15000);

mkdirSync(SCREENSHOT_DIR, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=en-GB'],
  });
}

/** A person in a browser window of their own (own cookies), in a fixed time zone. */
export async function person(browser, options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    timezoneId: TIMEZONE,
    locale: 'en-GB',
    viewport: options.viewport ?? { width: 1360, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
  });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
  return { context, page };
}

export function uniqueName(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function register(page, username) {
  await page.goto('/register');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('button', { name: `Account menu for ${username}` }).waitFor();
}

export async function signIn(page, username, password) {
  await page.goto('/signin');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: `Account menu for ${username}` }).waitFor();
}

export async function waitLive(page) {
  await page.locator('[data-testid="live"][data-state="live"]').waitFor({ timeout: LIVE_TIMEOUT });
}

/** Opens the calendar on a given day (`yyyy-mm-dd` in the browser's zone) and view. */
export async function openCalendar(page, date, view = 'day') {
  await page.goto(`/?date=${date}&view=${view}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
}

export function slot(page, id) {
  return page.locator(`[data-slot-id="${id}"]`);
}

export async function waitState(page, id, state, timeout = LIVE_TIMEOUT) {
  await page.locator(`[data-slot-id="${id}"][data-state="${state}"]`).waitFor({ timeout });
}

export async function bookSlot(page, id) {
  await slot(page, id).click();
  await page.getByTestId('book').click();
}

export async function screenshot(page, name, fullPage = false) {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** A signed-in HTTP client for setting up data (cookies and the XSRF header handled by hand). */
export class ApiSession {
  cookies = new Map();

  async request(method, path, body, headers = {}) {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) {
      await this.request('GET', '/api/auth/csrf');
    }
    const response = await fetch(BASE_URL + path, {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(method !== 'GET' ? { 'X-XSRF-TOKEN': decodeURIComponent(this.cookies.get('XSRF-TOKEN')) } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value) {
        this.cookies.set(pair.slice(0, eq), value);
      } else {
        this.cookies.delete(pair.slice(0, eq));
      }
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (response.status >= 400) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return json;
  }

  static async signIn(username, password) {
    const session = new ApiSession();
    await session.request('POST', '/api/auth/login', { username, password });
    return session;
  }

  static async register(username) {
    const session = new ApiSession();
    await session.request('POST', '/api/auth/register', {
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
    });
    return session;
  }
}

export async function admin() {
  if (!ADMIN_PASSWORD) {
    throw new Error('ADMIN_PASSWORD is not set');
  }
  return ApiSession.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
}

/**
 * A day of its own for one scenario, far enough ahead that scenarios (and runs) never share slots: a random day
 * 60 to 900 days ahead, at local midnight of the browser's zone given as `yyyy-mm-dd`.
 */
export function scenarioDay() {
  const day = new Date(Date.now() + (60 + Math.floor(Math.random() * 840)) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** A UTC instant on `date` at `hh:mm` UTC. */
export function at(date, time) {
  return `${date}T${time}:00Z`;
}

export async function createSlots(api, slots) {
  return api.request('POST', '/api/admin/timeslots/batch', { slots });
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

export function log(message) {
  console.log(`  ${message}`);
}
