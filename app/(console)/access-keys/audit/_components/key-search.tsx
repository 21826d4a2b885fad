"use client";
// The "AccessKey ID" search box: an exact ID opens the audit; while typing, IDs starting with the text are
// offered in a listbox (arrow keys move, Enter or click picks, Esc closes), fetched through a server action
// that applies the caller's scope.
import { useEffect, useId, useRef, useState } from "react";
import { useSearchNavigation } from "@/lib/url-state/use-filter-submit";
import { suggestAccessKeysAction } from "@/lib/actions/suggest-access-keys-action";

const MIN_PREFIX = 2;

export function KeySearch({ initial, range }: { initial: string; range: string | null }) {
  const navigate = useSearchNavigation("/access-keys/audit");
  const [text, setText] = useState(initial);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef("");
  const listId = useId();

  useEffect(() => {
    const prefix = text.trim();
    latest.current = prefix;
    if (prefix.length < MIN_PREFIX) return;
    const timer = setTimeout(async () => {
      const found = (await suggestAccessKeysAction({ prefix })).data ?? [];
      if (latest.current !== prefix) return; // the user typed on: this answer is stale
      setSuggestions(found.filter((id) => id !== prefix));
      setActive(-1);
    }, 150);
    return () => clearTimeout(timer);
  }, [text]);

  const go = (id: string) => {
    const key = id.trim();
    if (!key) return;
    setOpen(false);
    setText(key);
    navigate([
      ["key", key],
      ["range", range],
    ]);
  };
  const shown = open && text.trim().length >= MIN_PREFIX ? suggestions : [];

  return (
    <form
      className="panel key-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        go(active >= 0 && shown[active] ? shown[active] : text);
      }}
    >
      <div className="field key-search-field">
        <label htmlFor="access-key-id">AccessKey ID</label>
        <div className="combobox">
          <input
            id="access-key-id"
            name="key"
            value={text}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. LTAI5tExample or AKIA…"
            role="combobox"
            aria-expanded={shown.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 && shown[active] ? `${listId}-${active}` : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" && shown.length) {
                e.preventDefault();
                setOpen(true);
                setActive((a) => (a + 1) % shown.length);
              } else if (e.key === "ArrowUp" && shown.length) {
                e.preventDefault();
                setActive((a) => (a <= 0 ? shown.length - 1 : a - 1));
              } else if (e.key === "Escape") {
                setOpen(false);
                setActive(-1);
              }
            }}
          />
          {shown.length > 0 && (
            <ul id={listId} role="listbox" aria-label="Matching AccessKey IDs" className="combobox-list">
              {shown.map((id, i) => (
                <li
                  key={id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    go(id);
                  }}
                >
                  {id}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <button type="submit" className="button button-primary">
        Audit
      </button>
    </form>
  );
}
