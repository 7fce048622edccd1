// Let's Chat in a room: the composer's keys and its mention list, the row toolbar, and a message's menu. Loaded after
// letschat.js, whose rowAction it uses.
// In the composer (textarea[data-enter-sends]) Enter sends the form, and Shift+Enter (or Enter while an IME is
// composing) inserts a new line; the box grows with its text. While the mention list is open, arrows move in it,
// Enter or Tab picks, and Esc closes it; otherwise Esc cancels a reply.
document.addEventListener("keydown", e => {
  const box = e.target.closest?.("textarea[data-enter-sends]");
  if (!box) return;
  const list = box.form?.querySelector("[data-mention-list]");
  const options = [...(list?.querySelectorAll("[role=option]") ?? [])];
  if (list && e.key === "Escape" && options.length === 0) {
    e.preventDefault();
    letsChat.closeMention(box, true);
  } else if (options.length > 0 && !e.isComposing && ["ArrowDown", "ArrowUp", "Enter", "Tab", "Escape"].includes(e.key)) {
    e.preventDefault();
    const at = options.findIndex(o => o.getAttribute("aria-selected") === "true");
    if (e.key === "Escape") letsChat.closeMention(box, true);
    else if (e.key === "Enter" || e.key === "Tab") letsChat.pickMention(box, options[Math.max(at, 0)].dataset.handle);
    else letsChat.selectOption(box, options, (at + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
  } else if (e.key === "Enter" && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    delete box.dataset.mentionDismissed;
    box.form?.requestSubmit();
  } else if (e.key === "ArrowUp" && box.value === "" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
    // Up in an empty composer edits the reader's last message (one event, only then: no round trip per key).
    e.preventDefault();
    letsChat.rowAction(box, "editlast");
  } else if (e.key === "Escape" && box.form?.querySelector("[data-replying]")) {
    e.preventDefault();
    letsChat.rowAction(box, "cancelreply");
  }
});
let mentionTimer;
document.addEventListener("input", e => {
  if (!e.target.matches?.("textarea[data-enter-sends]")) return;
  letsChat.fitComposer(e.target);
  clearTimeout(mentionTimer);
  mentionTimer = setTimeout(() => letsChat.findMention(e.target), 100);
});

// "@" and what follows it, just before the cursor, asks the server whom to offer (Composer.razor); a round trip only
// while a mention is being typed.
window.letsChat.findMention = box => {
  const before = box.value.slice(0, box.selectionStart ?? box.value.length);
  const match = before.match(/(?:^|[^\w@.\-])@([\w.\-]{0,32})$/);
  const start = match ? String(before.length - match[1].length - 1) : null;
  if (!match) delete box.dataset.mentionDismissed;
  const query = match && start !== box.dataset.mentionDismissed ? match[1] : null;
  if (query === (box.dataset.mentionQuery ?? null)) return;
  if (query === null) delete box.dataset.mentionQuery; else box.dataset.mentionQuery = query;
  letsChat.rowAction(box, "mention", 0, null, query);
};
window.letsChat.closeMention = (box, dismissed) => {
  if (dismissed) {
    const before = box.value.slice(0, box.selectionStart ?? box.value.length);
    box.dataset.mentionDismissed = String(before.lastIndexOf("@"));
  }
  delete box.dataset.mentionQuery;
  box.removeAttribute("aria-activedescendant");
  letsChat.rowAction(box, "mention", 0, null, null);
};
window.letsChat.pickMention = (box, handle) => {
  const caret = box.selectionStart ?? box.value.length;
  const match = box.value.slice(0, caret).match(/@([\w.\-]{0,32})$/);
  if (!match || !handle) return;
  const start = caret - match[0].length;
  box.value = `${box.value.slice(0, start)}@${handle} ${box.value.slice(caret)}`;
  const after = start + handle.length + 2;
  box.setSelectionRange(after, after);
  box.dispatchEvent(new Event("input", { bubbles: true }));
  letsChat.closeMention(box, false);
  box.focus();
};
window.letsChat.selectOption = (box, options, index) => {
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
  box.setAttribute("aria-activedescendant", options[index].id);
  options[index].scrollIntoView({ block: "nearest" });
};
document.addEventListener("mousedown", e => {
  const option = e.target.closest?.("[data-mention-list] [role=option]");
  if (!option) return;
  e.preventDefault(); // the composer keeps the focus
  const box = option.closest("form")?.querySelector("textarea[data-enter-sends]");
  if (box) letsChat.pickMention(box, option.dataset.handle);
});

// A member's row toolbar (React, Reply, More): one element, moved into the message row the pointer is over, a tap
// lands on or the focus enters, so that no row's HTML carries buttons (every new row goes to every watcher). In the
// reader's own rows it goes first among their Edit and Delete.
(() => {
  const tools = document.createElement("div");
  tools.className = "msg-actions msg-tools";
  tools.innerHTML = '<button type="button" data-row-action="react" aria-label="React" aria-haspopup="dialog">☺</button>' +
    '<button type="button" data-row-action="reply" aria-label="Reply">↩</button>' +
    '<button type="button" data-row-action="more" aria-label="More" aria-haspopup="menu">⋯</button>';
  const show = e => {
    const row = e.target.closest?.(".message-log[data-tools] article.msg[data-message]:not(.deleted):not(.pending)");
    if (!row || (tools.isConnected && row.contains(tools)) || row.querySelector(".msg-edit, .msg-confirm")) return;
    const own = row.querySelector(".msg-actions:not(.msg-tools)");
    if (own) own.prepend(tools); else row.append(tools);
  };
  document.addEventListener("mouseover", show, { passive: true });
  document.addEventListener("pointerdown", show, { passive: true });
  document.addEventListener("focusin", show);
})();

// A message's menu (MessageList): placed beside the More button that opened it, focused, closed by Esc (focus goes
// back to the button). "Copy link" copies here, within the click, where the browser allows it.
window.letsChat.placeMenu = menu => {
  menu.dataset.placed = "1";
  const anchor = letsChat.menuAnchor?.isConnected ? letsChat.menuAnchor : null;
  if (anchor) {
    const rect = anchor.getBoundingClientRect();
    menu.style.top = `${Math.min(rect.bottom + 4, window.innerHeight - menu.offsetHeight - 8)}px`;
    menu.style.left = `${Math.max(8, Math.min(rect.right - menu.offsetWidth, window.innerWidth - menu.offsetWidth - 8))}px`;
  }
  menu.querySelector("[role=menuitem]")?.focus();
};
document.addEventListener("keydown", e => {
  const menu = e.target.closest?.(".msg-menu");
  if (!menu) return;
  const items = [...menu.querySelectorAll("[role=menuitem]")];
  const at = items.indexOf(document.activeElement);
  if (e.key === "Escape" || e.key === "Tab") {
    e.preventDefault();
    letsChat.rowAction(menu, "closemenu");
    letsChat.menuAnchor?.focus();
  } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
  }
});
window.letsChat.copyText = async text => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without the clipboard API (a page not served over HTTPS): the older way.
    const area = Object.assign(document.createElement("textarea"), { value: text });
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
};
document.addEventListener("click", async e => {
  const item = e.target.closest?.("[data-copy]");
  if (!item) return;
  const copied = await letsChat.copyText(new URL(item.dataset.copy, location.href).href);
  letsChat.rowAction(item, copied ? "copied" : "copyfailed");
  letsChat.menuAnchor?.focus();
});
