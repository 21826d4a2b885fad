// Which row j / k select next, kept apart from React so it can be tested on its own.

/**
 * The row id that a move key selects from `selectedId` among `ids` (in display order): "j" the next row, "k" the
 * previous one, clamped at either end. With nothing selected (or the selection not on this page) both keys
 * select the first row. Null when there are no rows or the key is not a move key.
 */
export function movedSelection(ids: readonly string[], selectedId: string | null, key: string): string | null {
  if (ids.length === 0 || (key !== "j" && key !== "k")) return null;
  const index = selectedId === null ? -1 : ids.indexOf(selectedId);
  if (index === -1) return ids[0];
  const next = Math.min(ids.length - 1, Math.max(0, index + (key === "j" ? 1 : -1)));
  return ids[next];
}

/** Keys typed into a form control, or with a modifier held, belong to the control or the browser, not the table. */
export function isTableShortcut(event: {
  target: EventTarget | null;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
}): boolean {
  if (event.metaKey || event.ctrlKey || event.altKey) return false;
  const target = event.target as { closest?: (selector: string) => unknown } | null;
  return !target?.closest?.("input, select, textarea, [contenteditable]");
}
