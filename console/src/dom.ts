// Small DOM helpers for the page: build elements, fill a table, show numbers, ages and durations readably.

type Child = Node | string | number | null | undefined;

/** An element with attributes (`on…` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** The element of `section` marked `data-<name>` (or `data-<name>="<value>"`). */
export function part<T extends HTMLElement = HTMLElement>(section: HTMLElement, name: string, value?: string): T {
  const selector = value === undefined ? `[data-${name}]` : `[data-${name}="${value}"]`;
  const found = section.querySelector<T>(selector);
  if (!found) throw new Error(`console page: ${section.id} has no ${selector}`);
  return found;
}

/** Replaces a table's content: one header row, then the rows. */
export function fillTable(table: HTMLTableElement, headers: readonly string[], rows: readonly Child[][]): void {
  const head = h("tr", {}, ...headers.map((name) => h("th", {}, name)));
  const body = rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell))));
  table.replaceChildren(head, ...(body.length > 0 ? body : [h("tr", {}, h("td", { class: "muted" }, "none"))]));
}

/** Headline numbers as tiles. */
export function fillTiles(container: HTMLElement, tiles: readonly [string, Child][]): void {
  container.replaceChildren(
    ...tiles.map(([label, value]) => h("div", { class: "tile" }, label, h("b", {}, value ?? "–"))),
  );
}

/** "12 s", "3 min", "2 h" ago or long. */
export function age(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Seconds since an ISO instant, as {@link age}. */
export function since(iso: string | null | undefined): string {
  return iso ? `${age((Date.now() - Date.parse(iso)) / 1000)} ago` : "never";
}

/** A duration in milliseconds, readably. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** An address or hash, shortened for a table cell (the full value as a tooltip). */
export function short(value: string): HTMLElement {
  return h("span", { title: value }, value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-4)}` : value);
}
