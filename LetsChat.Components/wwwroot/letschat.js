// Small browser helpers for Let's Chat; everything else runs on the server.
window.letsChat = {
  timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
  },

  // Enter sends the form, Shift+Enter (or Enter while an IME is composing) inserts a new line.
  enterSends(textarea, form) {
    if (!textarea || textarea.dataset.enterSends) return;
    textarea.dataset.enterSends = "1";
    textarea.addEventListener("keydown", e => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    textarea.addEventListener("input", () => letsChat.fitComposer(textarea));
  },

  // The composer grows with its text up to a limit; called on input and after the server cleared it.
  fitComposer(textarea) {
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight, 200) + "px";
  },

  // Keeps the log at the newest message while the reader is at (or near) the bottom; leaves it alone when they scrolled up.
  followLog(log) {
    if (!log || log.dataset.follows) return;
    log.dataset.follows = "1";
    let atBottom = true;
    log.addEventListener("scroll", () => {
      atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    }, { passive: true });
    new MutationObserver(() => { if (atBottom) log.scrollTop = log.scrollHeight; })
      .observe(log, { childList: true, subtree: true });
    log.scrollTop = log.scrollHeight;
  },
};

// After the server closed this tab's circuit (see CircuitClosedNotice): end it without the reconnect dialog.
window.letsChat.endCircuit = () => {
  document.body.classList.add("lc-circuit-ended");
  window.Blazor?.disconnect?.();
};
