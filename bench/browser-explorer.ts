// A person paging through the operation-records explorer in a real browser, for the load workload: Debian's
// Chromium through Playwright (the browser tests' executable and launch arguments, from playwright.config.ts),
// signed in through the /login form, clicking "Next page" and timing each page.
//
// A page's time runs from the click (the click event's time in the page) to the first animation frame in which
// the new page is in the DOM: the URL carries the clicked link's cursor, the pager's "Next page" link no longer
// points at that cursor (it is the following page's, or gone on the last page), and the table has rows. The pager
// and the rows come from the same server render and React commits them together, so a new pager means the new
// rows are there; a URL check alone would not do (the router may update the URL before or after the commit), and
// comparing the first row's text could miss a page whose first row reads like the previous one's. The check runs
// in the page on every frame, so neither Playwright's round trips nor this process's event loop (busy with the
// ingest clients) are timed.
import { chromium, devices, type Page } from "@playwright/test";
import playwrightConfig from "../playwright.config";

export interface ExplorerSession {
  /** Pages forward (back to page 1 after every 20 pages) until `until()` says stop, at least one page; each page's
   *  time, in ms. */
  browse(until: () => boolean): Promise<number[]>;
  /** Requests of the browser that failed: answered 5xx, or not answered at all (aborted ones excepted). */
  failedRequests(): string[];
  close(): Promise<void>;
}

export interface ExplorerSessionOptions {
  baseUrl: string;
  userName: string;
  password: string;
  /** The explorer view to page through, e.g. /operation-records?range=30d. */
  path: string;
}

const PAGES_BEFORE_FIRST = 20;
const PAGE_TIMEOUT_MS = 60_000;

/** The browser tests' Chromium: the same executable (CHROMIUM_PATH or /usr/bin/chromium) and arguments. */
function launchOptions() {
  const project = playwrightConfig.projects?.find((p) => p.name === "debian-chromium");
  const options = project?.use?.launchOptions;
  if (!options?.executablePath)
    throw new Error("playwright.config.ts: no debian-chromium project with an executablePath");
  return options;
}

async function signIn(page: Page, userName: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  try {
    await page.waitForURL((url) => url.pathname !== "/login", { timeout: 30_000 });
  } catch {
    const message = await page
      .locator(".form-error")
      .textContent()
      .catch(() => null);
    throw new Error(`Signing in as ${userName} through /login failed${message ? `: ${message}` : ""}`);
  }
}

export async function openExplorerSession(options: ExplorerSessionOptions): Promise<ExplorerSession> {
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext({ ...devices["Desktop Chrome"], baseURL: options.baseUrl });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 500)
        failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    page.on("requestfailed", (request) => {
      const error = request.failure()?.errorText ?? "";
      // A navigation cancels the previous page's prefetches: by design, not a failure.
      if (!error.includes("ERR_ABORTED")) failed.push(`${error} ${request.method()} ${request.url()}`);
    });
    // The time of every click, in the page's clock (kept across client-side navigations).
    await page.addInitScript(
      'document.addEventListener("click", () => { window.__benchClickAt = performance.now(); }, true);',
    );

    await signIn(page, options.userName, options.password);
    const rows = page.locator("table tbody tr");
    const firstPage = async () => {
      await page.goto(options.path);
      await rows.first().waitFor({ timeout: PAGE_TIMEOUT_MS });
    };
    await firstPage();
    const nextLink = page.locator('nav[aria-label="Pages"]').getByRole("link", { name: "Next page" });
    if ((await nextLink.count()) === 0)
      throw new Error(`The explorer at ${options.path} has a single page: nothing to page through`);

    let clicks = 0;
    /** Clicks "Next page" and times it; null on the last page (then back to page 1). */
    const nextPage = async (): Promise<number | null> => {
      if ((await nextLink.count()) === 0) return null;
      const target = new URL((await nextLink.getAttribute("href"))!, options.baseUrl).searchParams.get("cursor");
      await nextLink.click();
      // No named helpers inside: tsx would wrap them in its own __name(), unknown in the page (and the page's CSP
      // refuses source text).
      const shown = await page.waitForFunction(
        (cursor) => {
          const next = Array.from(document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Pages"] a')).find(
            (a) => a.textContent === "Next page",
          );
          const rendered =
            new URL(location.href).searchParams.get("cursor") === cursor &&
            (!next || new URL(next.href).searchParams.get("cursor") !== cursor) &&
            document.querySelector("table tbody tr") !== null;
          const clickedAt = (window as { __benchClickAt?: number }).__benchClickAt ?? 0;
          return rendered ? Math.max(0.001, performance.now() - clickedAt) : false;
        },
        target,
        { polling: "raf", timeout: PAGE_TIMEOUT_MS },
      );
      return (await shown.jsonValue()) as number;
    };

    return {
      async browse(until) {
        const times: number[] = [];
        do {
          // Back to page 1 (a fresh load of the view, not timed: not a click on the pager) every 20 pages, or at
          // the end of the range.
          const ms = clicks > 0 && clicks % PAGES_BEFORE_FIRST === 0 ? null : await nextPage();
          if (ms === null) {
            await firstPage();
            clicks = 0;
            continue;
          }
          clicks++;
          times.push(ms);
        } while (!until() || times.length === 0);
        return times;
      },
      failedRequests: () => [...failed],
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
