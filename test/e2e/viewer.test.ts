/**
 * Browser tests of the viewer's page features (issue 13): the automatic frequency grid,
 * the network spec editor, keyboard use and a console that stays quiet on bad input.
 */
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import {
  haveChromium,
  type Lab,
  openSpecEditor,
  requireChromium,
  settled,
  startLab,
  summaryValue,
} from './harness.ts';

/** `text` as a literal inside a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

requireChromium('the viewer page');

interface LabWindow {
  dilationLab: {
    figures: () => Map<string, { data: { x?: unknown[]; name?: string }[] }>;
    requests: () => number;
  };
}

/** The largest frequency of the magnitude figure's first curve, as a share of π. */
function magnitudeEnd(page: Page): Promise<number> {
  return page.evaluate(() => {
    const x = (window as unknown as LabWindow).dilationLab.figures().get('magnitude')?.data[0].x;
    return x ? Number(x[x.length - 1]) / Math.PI : Number.NaN;
  });
}

describe.skipIf(!haveChromium)('the viewer page', { timeout: 90_000 }, () => {
  let lab: Lab;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let consoleMessages: string[];
  /** The n of every /api/response request sent. */
  const responseN: number[] = [];

  beforeAll(async () => {
    lab = await startLab({ width: 1280, height: 800 });
    ({ server, browser, page } = lab);
    consoleMessages = [];
    page.on('console', (m: ConsoleMessage) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/response') responseN.push(Number(u.searchParams.get('n')));
    });
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('applies a YAML network spec to network A from the editor, and restores it from the link', async () => {
    await page.goto(server.url);
    await settled(page);
    const editor = page.locator('#spec-editor');
    expect(await editor.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await openSpecEditor(page);
    // opening loads A's network (box:3 at 2, 2, 2) as a spec
    const loaded = await page.inputValue('#spec-text');
    expect(loaded.match(/dilation: 2/g)?.length).toBe(3);
    await page.fill(
      '#spec-text',
      'name: hybrid\nnetwork:\n  type: stack\n  layers:\n    - {kernel: box:3, dilation: 1}\n    - {kernel: box:3, dilation: 3}\n    - {kernel: [0.25, 0.5, 0.25], dilation: 9}\n',
    );
    await page.click('#spec-apply');
    await settled(page);
    // receptive field 1 + 2·(1 + 3 + 9) = 27, no holes: the server analysed the spec
    expect(await summaryValue(page, 'A', 'receptive-field')).toContain('27');
    expect(await page.locator('.summary[data-net="A"]').textContent()).toContain('hybrid');
    expect(await page.inputValue('#net-A-preset')).toBe('#spec');
    expect(await page.locator('#net-A-spec').textContent()).toContain('3 layers');
    const link = page.url();
    expect(link).toContain('a.spec=');
    await page.goto(link);
    await settled(page);
    expect(await summaryValue(page, 'A', 'receptive-field')).toContain('27');
    expect(await summaryValue(page, 'B', 'receptive-field')).toContain('17');
  });

  it.each([
    // a value error: the line of the field it names
    [
      'type: stack\nlayers:\n  - kernel: box:3\n    dilation: 1\n  - kernel: box:3\n    dilation: 0\n',
      6,
      'layers[1].dilation must be',
    ],
    // a syntax error: the parser's line
    [
      '{"type": "stack", "layers": [\n  {"kernel": "box:3",\n   "dilation": 2}}\n',
      3,
      'is not valid JSON or YAML',
    ],
    // an unknown key
    [
      'type: stack\nlayers:\n  - kernel: box:3\n    dilaton: 2\n',
      4,
      'layers[0].dilaton is not a known field',
    ],
  ])(
    'shows a bad spec’s error at its line and applies nothing (%#)',
    async (text, line, message) => {
      await page.goto(server.url);
      await settled(page);
      const before = await page.evaluate(() =>
        (window as unknown as LabWindow).dilationLab.requests(),
      );
      await openSpecEditor(page);
      await page.fill('#spec-text', text);
      const error = page.locator('#spec-text-error');
      await error.waitFor({ state: 'visible' });
      expect(await error.textContent()).toMatch(
        new RegExp(`^Line ${line}, column \\d+: .*${literal(message)}`),
      );
      expect(await page.locator('#spec-lines .bad').textContent()).toBe(`${line}\n`);
      expect(await page.getAttribute('#spec-text', 'aria-invalid')).toBe('true');
      await page.click('#spec-apply');
      // the cursor goes to the bad line, and A stays the short form
      const selected = await page.evaluate(() => {
        const t = document.getElementById('spec-text') as HTMLTextAreaElement;
        return t.value.slice(0, t.selectionStart).split('\n').length;
      });
      expect(selected).toBe(line);
      expect(await page.inputValue('#net-A-rates')).toBe('2,2,2');
      expect(
        await page.evaluate(() => (window as unknown as LabWindow).dilationLab.requests()),
      ).toBe(before);
    },
  );

  it('redraws the figures in dark colours when the system switches to dark, and back', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url);
    await settled(page);
    const background = () =>
      page.evaluate(
        () =>
          (
            document.getElementById('plot-taps2d') as unknown as {
              _fullLayout?: { paper_bgcolor?: string };
            }
          )._fullLayout?.paper_bgcolor ?? '',
      );
    await page.waitForFunction(() =>
      Boolean((document.getElementById('plot-taps2d') as unknown as { data?: unknown[] }).data),
    );
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(
      (before) =>
        ((
          document.getElementById('plot-taps2d') as unknown as {
            _fullLayout?: { paper_bgcolor?: string };
          }
        )._fullLayout?.paper_bgcolor ?? before) !== before,
      light,
    );
    const dark = await background();
    // luminance of rgb(...) or #rrggbb
    const lum = (c: string) => {
      const m = /rgba?\((\d+), ?(\d+), ?(\d+)/.exec(c);
      const [r, g, b] = m
        ? [Number(m[1]), Number(m[2]), Number(m[3])]
        : [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(lum(light)).toBeGreaterThan(200);
    expect(lum(dark)).toBeLessThan(60);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(
      (d) =>
        ((
          document.getElementById('plot-taps2d') as unknown as {
            _fullLayout?: { paper_bgcolor?: string };
          }
        )._fullLayout?.paper_bgcolor ?? d) !== d,
      dark,
    );
    expect(await background()).toBe(light);
  });

  it('shows bad values typed in fields at their fields and logs nothing to the console', async () => {
    await page.goto(server.url);
    await settled(page);
    consoleMessages.length = 0;
    const failed: string[] = [];
    const onFail = (r: { url(): string; status(): number }) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    };
    page.on('response', onFail);
    const cases: [string, string, string, string][] = [
      ['#net-A-rates', '2,0,2', '#net-A-rates-error', 'rates[1] must be a positive integer'],
      ['#net-A-kernel', 'box:', '#net-A-kernel-error', 'kernel'],
      ['#net-B-kernel', '[0.25, 0.5', '#net-B-kernel-error', 'kernel'],
      ['#opt-map', '-3', '#opt-map-error', 'mapSize'],
      ['#opt-threshold', '5', '#opt-threshold-error', 'thresholdDb must be a negative number'],
      ['#opt-object', '3y', '#opt-object-error', 'object must be WxH'],
    ];
    for (const [input, bad, errorId, message] of cases) {
      const good = await page.inputValue(input);
      await page.fill(input, bad);
      await settled(page, 'Fix the marked value');
      const error = page.locator(errorId);
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toContain(message);
      expect(await page.getAttribute(input, 'aria-invalid')).toBe('true');
      await page.fill(input, good);
      await settled(page);
      expect(await error.isVisible()).toBe(false);
    }
    // a bad spec in the editor, applied by keyboard (Ctrl+Enter), is refused in place too
    await openSpecEditor(page);
    await page.fill('#spec-text', 'type: stack\nlayers:\n  - {kernel: box:3, dilation: 0}\n');
    await page.press('#spec-text', 'Control+Enter');
    await page.locator('#spec-text-error').waitFor({ state: 'visible' });
    page.off('response', onFail);
    expect(failed).toEqual([]);
    expect(consoleMessages).toEqual([]);
  });

  /**
   * Everything the browser could say about a mistake: console messages (Chromium logs a
   * failed request as "Failed to load resource … status of 400"), page errors, failed
   * requests and answers of status 400 or more. Listening from `quiet()` until `said()`.
   */
  function listen(): () => string[] {
    const said: string[] = [];
    const onConsole = (m: ConsoleMessage) => said.push(`console ${m.type()}: ${m.text()}`);
    const onError = (e: Error) => said.push(`pageerror: ${e.message}`);
    const onFailed = (r: { url(): string }) => said.push(`requestfailed: ${r.url()}`);
    const onResponse = (r: { url(): string; status(): number }) => {
      if (r.status() >= 400) said.push(`${r.status()} ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('pageerror', onError);
    page.on('requestfailed', onFailed);
    page.on('response', onResponse);
    return () => {
      page.off('console', onConsole);
      page.off('pageerror', onError);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
      return said;
    };
  }

  it.each([
    // name, dims, kernel, rates, where the message shows, what it says
    [
      'a bad rate',
      1,
      'box:3',
      '2,0,2',
      '#net-A-rates-error',
      'rates[1] must be a positive integer',
    ],
    [
      'a receptive field longer than the page draws (box:17 at rate 4096: 65537 offsets)',
      1,
      'box:17',
      '4096',
      '#net-A-error',
      'has a receptive field of 65537 offsets; the page draws at most 65536',
    ],
    [
      'an analysis dearer than analyze runs in 2 s (box:64 at rate 1000)',
      1,
      'box:64',
      '1000',
      '#net-A-error',
      'network is too costly to analyse in about 2 s',
    ],
    [
      'a 2-D tap grid larger than the page draws (box:3x3 at rate 300: 601×601)',
      2,
      'box:3x3',
      '300',
      '#net-A-error',
      'has a receptive field of 601×601 offsets; the page draws grids up to 512×512',
    ],
  ])(
    'judges %s in the page: the message in place, nothing in the console',
    async (_name, dims, kernel, rates, errorId, message) => {
      await page.goto(server.url);
      await settled(page);
      const said = listen();
      if (dims === 2) {
        await page.check('#opt-dims-2');
        await settled(page);
      }
      // The kernel first (a good network with the old rates), then the rates that break a limit.
      await page.fill('#net-A-kernel', kernel);
      await settled(page);
      const before = await page.evaluate(() =>
        (window as unknown as LabWindow).dilationLab.requests(),
      );
      await page.fill('#net-A-rates', rates);
      await settled(page, 'Fix the marked value');
      const error = page.locator(errorId);
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toContain(message);
      expect(await error.textContent()).not.toMatch(/\/api\//);
      // No request went out for the bad network.
      expect(
        await page.evaluate(() => (window as unknown as LabWindow).dilationLab.requests()),
      ).toBe(before);
      expect(said()).toEqual([]);
    },
  );

  it('leaves out a 2-D analogue the limits refuse with a note, asking nothing for it', async () => {
    await page.goto(server.url);
    await settled(page);
    const said = listen();
    await page.fill('#net-A-rates', '300');
    await settled(page);
    const note = page.locator('#note-taps2d');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain(
      'has a receptive field of 601×601 offsets; the page draws grids up to 512×512',
    );
    expect(said()).toEqual([]);
  });

  it('names every control for screen readers and reaches each one with Tab, with a visible focus ring', async () => {
    await page.goto(server.url);
    await settled(page);
    const unnamed = await page.evaluate(() => {
      const scope = '#controls, #recommend, #model, #figures .exports, .top-actions';
      const els = Array.from(
        document.querySelectorAll<HTMLElement>(
          `:is(${scope}) :is(input, select, textarea, button, summary, a[href])`,
        ),
      ).filter((el) => el.checkVisibility());
      const name = (el: HTMLElement) => {
        const labelled = el.getAttribute('aria-labelledby');
        return (
          el.getAttribute('aria-label') ||
          (labelled ? document.getElementById(labelled)?.textContent : '') ||
          Array.from((el as HTMLInputElement).labels ?? [])
            .map((l) => l.textContent)
            .join(' ') ||
          (el.tagName === 'INPUT' ? '' : el.textContent) ||
          el.title ||
          ''
        ).trim();
      };
      return {
        count: els.length,
        unnamed: els.filter((el) => name(el) === '').map((el) => el.outerHTML.slice(0, 80)),
      };
    });
    expect(unnamed.count).toBeGreaterThan(30);
    expect(unnamed.unnamed).toEqual([]);
    // Tab from the top: every control of the Networks and Settings panel, in page order
    const wanted = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          '#controls :is(input:not([type=radio]), select, button, summary)',
        ),
      )
        .filter((el) => el.checkVisibility())
        .map((el, i) => {
          el.dataset.tabcheck = String(i);
          return String(i);
        }),
    );
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    const rings: string[] = [];
    for (let i = 0; i < 80 && reached.length < 200; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        const box = el.closest('.spec-box') as HTMLElement | null;
        const ring =
          style.outlineStyle !== 'none' && style.outlineWidth !== '0px'
            ? 'outline'
            : box && getComputedStyle(box).outlineStyle !== 'none'
              ? 'box'
              : style.boxShadow !== 'none'
                ? 'shadow'
                : '';
        return { id: el.dataset.tabcheck ?? el.id ?? el.tagName, ring };
      });
      if (!at) continue;
      reached.push(at.id);
      if (wanted.includes(at.id)) rings.push(at.ring ? '' : at.id);
    }
    for (const id of wanted) expect(reached).toContain(id);
    // in the page's order
    const order = wanted.map((id) => reached.indexOf(id));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(rings.filter(Boolean)).toEqual([]);
    // and the keyboard alone changes a network: focus A's rates, type, the summary follows
    await page.focus('#net-A-rates');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1,2,5');
    await settled(page);
    expect(await summaryValue(page, 'A', 'holes')).toBe('none');
  });

  it('raises N so a rate-512 layer gets 16 points per period, and says so under the N menu', async () => {
    await page.goto(`${server.url}/?a.kernel=box:3&a.rates=1,512`);
    await settled(page);
    responseN.length = 0;
    await page.goto(`${server.url}/?a.kernel=box:3&a.rates=1,512`);
    await settled(page);
    expect(await page.inputValue('#opt-n')).toBe('1024');
    // ω = πk/N for k = 0…N: 2N/512 = 16 points per period needs N = 4096
    expect(responseN).toEqual([4096]);
    expect(await magnitudeEnd(page)).toBeCloseTo(1, 12);
    const note = page.locator('#opt-n-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toBe(
      'N raised to 4096: the fastest layer (rate 512) gets 16 points per period.',
    );
    responseN.length = 0;
    // 1,2,7 (not B's 1,2,5, whose answer at N = 1024 the page already has from the first view).
    await page.fill('#net-A-rates', '1,2,7');
    await settled(page);
    expect(responseN).toEqual([1024]);
    expect(await note.isVisible()).toBe(false);
    expect(browser.isConnected()).toBe(true);
  });
});
