import type { Page } from 'playwright-core';

/**
 * Accessibility checks for browser tests, computed the way Chromium sees the
 * page: accessible names from its accessibility tree (over CDP), colours from
 * computed styles. Each check returns its failures in words; an empty list passes.
 */

/** Elements a keyboard or pointer user can operate. */
const INTERACTIVE = 'button, input:not([type=hidden]), select, textarea, [role=button], a[href], summary, [tabindex]:not([tabindex="-1"])';
const PROBE = 'data-a11y-probe';

/**
 * Every interactive element that is rendered (hidden views and closed dialogs
 * do not count; visually hidden radios and checkboxes do) must have an
 * accessible name in Chromium's accessibility tree, and must not be hidden
 * from it.
 */
export async function findUnnamedControls(page: Page): Promise<string[]> {
  // A re-render between marking the controls and reading them back (a live estimate, a toast) removes
  // marked nodes; the audit then starts over on the new DOM rather than skip what it could not read.
  for (let attempt = 1; ; attempt++) {
    try {
      return await auditControlNames(page);
    } catch (error) {
      const vanished = error instanceof Error && error.message.includes('Could not find node');
      if (!vanished || attempt === 3) throw error;
    }
  }
}

async function auditControlNames(page: Page): Promise<string[]> {
  const described = await page.evaluate(
    ({ selector, probe }) => {
      document.querySelectorAll(`[${probe}]`).forEach((element) => element.removeAttribute(probe));
      const found: string[] = [];
      const modal = document.querySelector('dialog:modal');
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        // A visually hidden input still has a box; display:none, [hidden] and closed <dialog>s do not.
        if (!element.checkVisibility({ visibilityProperty: true })) continue;
        // Behind a modal dialog the page is inert: nothing there can be operated.
        if (element.closest('[inert]') || (modal && !modal.contains(element))) continue;
        element.setAttribute(probe, String(found.length));
        const classes =
          typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
        found.push(`<${element.localName}${classes}> "${(element.textContent ?? '').trim().slice(0, 40)}"`);
      }
      return found;
    },
    { selector: INTERACTIVE, probe: PROBE },
  );

  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: `[${PROBE}]` });
    const failures: string[] = [];
    for (const nodeId of nodeIds) {
      const { node } = await cdp.send('DOM.describeNode', { nodeId });
      const attributes = node.attributes ?? [];
      const index = Number(attributes[attributes.indexOf(PROBE) + 1]);
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const ax = nodes[0];
      const name = typeof ax?.name?.value === 'string' ? ax.name.value.trim() : '';
      if (!ax || ax.ignored) failures.push(`${described[index]}: hidden from assistive technology although it can be operated`);
      else if (name === '') failures.push(`${described[index]}: no accessible name (role ${String(ax.role?.value)})`);
    }
    return failures;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface ContrastReport {
  /** Text (and form-control values and placeholders) checked. */
  readonly checked: number;
  /** Text over a background image or gradient, whose contrast cannot be computed from colours. */
  readonly skipped: readonly string[];
  readonly failures: readonly string[];
}

/**
 * WCAG 2.x contrast of every visible text node, and of form controls' text and
 * placeholders, against the background it sits on (ancestors' background
 * colours composited down to an opaque one): at least 4.5:1, or 3:1 for large
 * text (24px, or 18.66px bold). Text of disabled controls is exempt, as WCAG
 * exempts inactive components.
 */
export function checkContrast(page: Page): Promise<ContrastReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d canvas');
    // Any CSS colour Chromium can compute (rgb(), color(srgb …), oklab(), …) to sRGB bytes.
    const parse = (css: string): Rgba => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = css;
      context.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const over = (top: Rgba, below: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (value: number): number => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The opaque colour behind `element`, or undefined when an image or gradient is in the way. */
    const backgroundOf = (element: Element): Rgba | undefined => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage !== 'none') return undefined;
        const colour = parse(style.backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const opacityOf = (element: Element): number => {
      let opacity = 1;
      for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      return opacity;
    };
    const path = (element: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = element; node && parts.length < 3; node = node.parentElement) {
        const classes = typeof node.className === 'string' && node.className ? `.${node.className.trim().split(/\s+/).join('.')}` : '';
        parts.unshift(`${node.localName}${classes}`);
      }
      return parts.join(' > ');
    };
    const hex = (c: Rgba): string =>
      `#${c
        .slice(0, 3)
        .map((v) => Math.round(v).toString(16).padStart(2, '0'))
        .join('')}`;
    const disabled = (element: Element): boolean => element.closest(':disabled, [aria-disabled="true"]') !== null;
    const tiny = (element: Element): boolean => {
      const rect = element.getBoundingClientRect();
      return rect.width <= 1 || rect.height <= 1;
    };

    let checked = 0;
    const skipped: string[] = [];
    const failures: string[] = [];
    const check = (element: Element, text: string, colourCss: string, what: string): void => {
      const style = getComputedStyle(element);
      const background = backgroundOf(element);
      if (!background) {
        skipped.push(`${path(element)} "${text}"`);
        return;
      }
      checked += 1;
      const colour = parse(colourCss);
      const foreground = over([colour[0], colour[1], colour[2], colour[3] * opacityOf(element)], background);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const actual = ratio(foreground, background);
      if (actual + 0.005 < needed) {
        failures.push(
          `${what} "${text}" at ${path(element)}: ${actual.toFixed(2)}:1 < ${needed}:1 (${hex(foreground)} on ${hex(background)}, ${size}px)`,
        );
      }
    };

    // With a modal dialog open, only the dialog is in front of the designer.
    const scope = document.querySelector('dialog:modal') ?? document.body;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('option, script, style, select, textarea')) continue;
      if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || tiny(parent) || disabled(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) continue;
      check(parent, text.slice(0, 50), getComputedStyle(parent).color, 'Text');
    }
    for (const field of scope.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (field instanceof HTMLInputElement && ['checkbox', 'radio', 'hidden', 'range', 'color'].includes(field.type)) continue;
      if (!field.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || tiny(field) || disabled(field)) continue;
      if (field instanceof HTMLSelectElement) {
        check(field, field.selectedOptions[0]?.textContent?.trim().slice(0, 50) ?? '', getComputedStyle(field).color, 'Selected option');
      } else if (field.value !== '') {
        check(field, field.value.slice(0, 50), getComputedStyle(field).color, 'Field value');
      } else if (field.placeholder) {
        check(field, field.placeholder.slice(0, 50), getComputedStyle(field, '::placeholder').color, 'Placeholder');
      } else if (field.type === 'date') {
        check(field, 'mm/dd/yyyy', getComputedStyle(field).color, 'Date field');
      }
    }
    return { checked, skipped, failures: [...new Set(failures)] };
  });
}

/** One stop of a Tab walk: what had focus and whether it showed it. */
export interface FocusStop {
  readonly element: string;
  /** Chromium matched :focus-visible, as it does for keyboard focus. */
  readonly focusVisible: boolean;
  /** It, its label, or the element drawn for it (a switch's track) had an outline or box-shadow that it does not have unfocused. */
  readonly indicated: boolean;
}

/** Outline and box-shadow of the element and what may draw its focus (its label, the next sibling), as one string each. */
type FocusSample = { readonly element: string; readonly focusVisible: boolean; readonly rings: readonly string[] };

/**
 * Presses Tab from `from` (a selector of something unfocusable) until `target` has focus
 * or `maxTabs` presses, recording at each stop whether focus was visible.
 * Transitions should be off (reduced motion) so styles are read settled.
 */
export async function tabTo(
  page: Page,
  options: { readonly from: string; readonly target: string; readonly maxTabs?: number },
): Promise<{ readonly stops: readonly FocusStop[]; readonly reached: boolean }> {
  const { from, target, maxTabs = 80 } = options;
  // Clicking something that takes no focus moves the point Tab starts from, as it does for a person.
  await page.locator(from).first().click();
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur?.();
    delete (window as unknown as { __motifFocusPrevious?: Element }).__motifFocusPrevious;
  });
  const sample = (): Promise<{ current: FocusSample | undefined; previousNow: readonly string[] | undefined; atTarget: boolean }> =>
    page.evaluate((selector) => {
      const holder = window as unknown as { __motifFocusPrevious?: Element };
      const rings = (element: Element): string[] =>
        [element, element.closest('label'), element.nextElementSibling].map((node) => {
          if (!node) return '';
          const style = getComputedStyle(node);
          const outline =
            style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
              ? `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`
              : '';
          const shadow = style.boxShadow !== 'none' ? `shadow ${style.boxShadow}` : '';
          return `${outline}|${shadow}`;
        });
      const previous = holder.__motifFocusPrevious;
      const active = document.activeElement;
      const current = active && active !== document.body ? active : undefined;
      holder.__motifFocusPrevious = current;
      const describe = (element: Element): string => {
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
        return `<${element.localName}${element.id ? `#${element.id}` : ''}> "${name}"`;
      };
      return {
        current: current
          ? { element: describe(current), focusVisible: current.matches(':focus-visible'), rings: rings(current) }
          : undefined,
        previousNow: previous && previous !== current ? rings(previous) : undefined,
        atTarget: current?.matches(selector) ?? false,
      };
    }, target);

  const stops: FocusStop[] = [];
  let pending: FocusSample | undefined;
  const settle = (unfocused: readonly string[] | undefined): void => {
    if (!pending) return;
    const focused = pending;
    const indicated = focused.rings.some((ring, i) => ring !== '|' && ring !== '' && ring !== unfocused?.[i]);
    stops.push({ element: focused.element, focusVisible: focused.focusVisible, indicated });
    pending = undefined;
  };
  for (let press = 0; press < maxTabs; press += 1) {
    await page.keyboard.press('Tab');
    const { current, previousNow, atTarget } = await sample();
    settle(previousNow);
    pending = current;
    if (atTarget) {
      // Move on once more to read the target unfocused.
      await page.keyboard.press('Shift+Tab');
      settle((await sample()).previousNow);
      return { stops, reached: true };
    }
  }
  return { stops, reached: false };
}
