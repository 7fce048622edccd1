// Small browser helpers for Let's Chat; everything else runs on the server.
window.letsChat = {
  timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
  },

  // The composer grows with its text up to a limit; called on input and after the server cleared it.
  fitComposer(textarea) {
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight, 200) + "px";
  },

  // Keeps the log at the newest message while the reader is at (or near) the bottom; leaves it alone when they scrolled up.
  followLog(log) {
    if (log.dataset.follows) return;
    log.dataset.follows = "1";
    let atBottom = true;
    log.addEventListener("scroll", () => {
      atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    }, { passive: true });
    // Older messages inserted above keep the reader's place: remember the distance from the bottom before loading.
    let keepFromBottom = null;
    // A link to a message (/chat/{room}/m/{sequence}) renders the log with data-highlight naming the row: it is
    // scrolled into view and marked for a moment, once, and the log stops following until the reader scrolls down.
    const showTarget = () => {
      const target = log.dataset.highlight;
      const row = target && log.dataset.shown !== target ? document.getElementById(target)?.closest("article") : null;
      if (!row) return false;
      log.dataset.shown = target;
      atBottom = false;
      keepFromBottom = null;
      row.scrollIntoView({ block: "center" });
      row.classList.add("msg-highlight");
      setTimeout(() => row.classList.remove("msg-highlight"), 4000);
      return true;
    };
    new MutationObserver(() => {
      if (showTarget()) return;
      if (keepFromBottom !== null) {
        log.scrollTop = log.scrollHeight - keepFromBottom;
        if (!log.querySelector("[data-load-older][disabled]")) keepFromBottom = null;
      } else if (atBottom) {
        log.scrollTop = log.scrollHeight;
      }
    }).observe(log, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-highlight"] });
    log.addEventListener("click", e => {
      if (e.target.closest?.("[data-load-older]")) keepFromBottom = log.scrollHeight - log.scrollTop;
    }, true);
    // Reaching the top loads the previous page by itself.
    new IntersectionObserver(entries => {
      for (const entry of entries) {
        const button = log.querySelector("[data-load-older]");
        if (entry.isIntersecting && button && !button.disabled && log.scrollHeight > log.clientHeight) button.click();
      }
    }, { root: log, rootMargin: "200px 0px 0px 0px" }).observe(log.firstElementChild ?? log);
    log.scrollTop = log.scrollHeight;
    showTarget();
  },
};

// The page asks for its browser behaviour with markup alone (a tab's circuit makes no JS call to set it up), found as
// it appears: the message log (.message-log) follows new messages, [data-page-title] names the tab (after the unread
// count in [data-unread]), and a [data-autofocus] field takes the focus when it appears (a page opened, a form shown)
// unless the reader is typing elsewhere.
(() => {
  const typing = () => document.activeElement?.matches?.("input, textarea, select, [contenteditable]") ?? false;
  const attach = () => {
    document.querySelectorAll(".message-log:not([data-follows])").forEach(letsChat.followLog);
    const field = document.querySelector("[data-autofocus]:not([data-focused])");
    if (field) {
      field.dataset.focused = "1";
      if (!typing() || field.dataset.autofocus === "always") field.focus();
    }
    document.querySelectorAll(".msg-menu:not([data-placed])").forEach(menu => letsChat.placeMenu(menu));
    // A new list of people to mention starts at its first; a closed one leaves the composer pointing at nothing.
    document.querySelectorAll("[data-mention-list]").forEach(list => {
      const options = [...list.querySelectorAll("[role=option]")];
      const box = list.closest("form")?.querySelector("textarea[data-enter-sends]");
      if (box && options.length > 0 && !options.some(o => o.getAttribute("aria-selected") === "true")) letsChat.selectOption(box, options, 0);
    });
    document.querySelectorAll("textarea[aria-activedescendant]").forEach(box => {
      if (!document.getElementById(box.getAttribute("aria-activedescendant"))) box.removeAttribute("aria-activedescendant");
    });
    const page = document.querySelector("[data-page-title]")?.dataset.pageTitle;
    if (page) {
      const unread = Number(document.querySelector("[data-unread]")?.dataset.unread ?? 0);
      const title = `${unread > 0 ? `(${unread}) ` : ""}${page} · Let's Chat`;
      if (document.title !== title) document.title = title;
    }
    const rooms = Number(document.querySelector("[data-unread-rooms]")?.dataset.unreadRooms ?? 0);
    document.querySelectorAll(".menu-button").forEach(button => {
      const badge = button.querySelector(".menu-badge");
      const text = rooms > 99 ? "99+" : String(rooms);
      if (badge && (badge.hidden !== (rooms === 0) || badge.textContent !== text)) {
        badge.hidden = rooms === 0;
        badge.textContent = text;
      }
      if (rooms > 0) button.setAttribute("aria-describedby", "unread-rooms-text"); else button.removeAttribute("aria-describedby");
    });
  };
  new MutationObserver(attach).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-page-title", "data-unread", "data-unread-rooms"] });
  attach();
})();

// After the server closed this tab's circuit (see CircuitClosedNotice): end it without the reconnect dialog.
window.letsChat.endCircuit = () => {
  document.body.classList.add("lc-circuit-ended");
  window.Blazor?.disconnect?.();
};

// Buttons in message rows and in the emoji picker, and a few keys (see RowActions.cs): one Blazor event each, which
// bubbles to the component that handles it. A row's buttons name no message: it is the row's data-message.
window.Blazor?.registerCustomEventType?.("rowaction", { browserEventName: "lc-rowaction", createEventArgs: e => e.detail });
window.letsChat.rowAction = (target, action, message = 0, emoji = null, text = null) =>
  target.dispatchEvent(new CustomEvent("lc-rowaction", { bubbles: true, detail: { action, message, emoji, text } }));
document.addEventListener("click", e => {
  const button = e.target.closest?.("[data-row-action]");
  if (!button || button.disabled) return;
  const message = Number(button.dataset.message ?? button.closest("[data-message]")?.dataset.message ?? 0);
  if (button.dataset.rowAction === "more") letsChat.menuAnchor = button;
  letsChat.rowAction(button, button.dataset.rowAction, message, button.dataset.emoji ?? null);
});

// Ctrl+K (Cmd+K) opens the room switcher (Rooms/RoomSwitcher.razor), wherever the focus is.
document.addEventListener("keydown", e => {
  if (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
    const host = document.querySelector("[data-room-switcher]");
    if (!host) return;
    e.preventDefault();
    letsChat.rowAction(host, "switchroom");
  }
});

// Ctrl+/ (Cmd+/) searches: the search box when it is on screen, else the app bar's Search opens the page.
document.addEventListener("keydown", e => {
  if (e.key !== "/" || !(e.ctrlKey || e.metaKey) || e.altKey) return;
  const box = document.getElementById("search-messages");
  const open = document.querySelector("[data-open-search]");
  if (!box && !open) return;
  e.preventDefault();
  if (box) { box.focus(); box.select(); } else open.click();
});

// A field whose text the browser owns (the search box), changed from the server: only when it differs, keeping the caret at the end.
window.letsChat.setValue = (id, text) => {
  const field = document.getElementById(id);
  if (field && field.value !== text) field.value = text;
};

// Buttons that reload the page work without the circuit (and without inline script, which the CSP forbids).
document.addEventListener("click", e => {
  if (e.target.closest?.("[data-reload]")) location.reload();
});

// The reader's theme choice, remembered in this browser.
window.letsChat.theme = () => { try { return localStorage.getItem("letschat.theme"); } catch { return null; } };
window.letsChat.setTheme = value => {
  try { localStorage.setItem("letschat.theme", value); } catch { /* private mode: the choice lasts this page only */ }
  document.documentElement.dataset.theme = value;
  letsChat.rememberForServer("lc-theme", value);
};

window.letsChat.systemDark = () => matchMedia("(prefers-color-scheme: dark)").matches;

// The time zone and colour scheme, for the server's first render of the next page (see ReaderPreferences).
window.letsChat.rememberForServer = (name, value) => {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
};
(() => {
  const zone = letsChat.timeZone();
  if (zone) letsChat.rememberForServer("lc-tz", zone);
  const scheme = letsChat.theme() ?? (letsChat.systemDark() ? "dark" : "light");
  letsChat.rememberForServer("lc-theme", scheme);
})();

// The rooms drawer: beside the content on wide screens, over it on narrow ones (closed until asked for there). Its
// state lives in the page, so opening and closing costs no round trip; picking a room on a narrow screen closes it.
(() => {
  const narrow = window.matchMedia("(max-width: 959.98px)");
  const open = () => document.body.classList.contains("drawer-toggled") === narrow.matches;
  const sync = () => document.querySelectorAll("button[data-toggle-drawer]").forEach(b => b.setAttribute("aria-expanded", String(open())));
  const close = () => { document.body.classList.remove("drawer-toggled"); sync(); };
  document.addEventListener("click", e => {
    if (e.target.closest?.("[data-toggle-drawer]")) {
      document.body.classList.toggle("drawer-toggled");
      sync();
    } else if (narrow.matches && e.target.closest?.(".app-drawer a")) {
      close();
    }
  });
  document.addEventListener("keydown", e => {
    if (e.key === "Escape" && narrow.matches && document.body.classList.contains("drawer-toggled")) close();
  });
  document.addEventListener("focusin", e => { if (e.target.closest?.("button[data-toggle-drawer]")) sync(); });
  narrow.addEventListener("change", close);
})();

// The page's antiforgery token (App.razor's, or a form's), for posts made by script: uploads and passkeys.
window.letsChat.antiforgeryToken = () => document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? "";

// The service worker (served at /sw.js) makes the site installable; a browser without one loses nothing else.
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
