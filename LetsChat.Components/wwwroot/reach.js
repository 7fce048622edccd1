// Reaching the reader when they are not looking: activity for the away status, and desktop notifications shown by the
// service worker (which knows whether any tab of the site is in front of the reader, and shows each one once).
(() => {
  const lc = window.letsChat;
  let activityRef = null;
  let lastReport = 0;
  const reportEvery = 60_000;

  const report = () => {
    if (!activityRef || document.visibilityState !== "visible") return;
    const now = Date.now();
    if (now - lastReport < reportEvery) return;
    lastReport = now;
    activityRef.invokeMethodAsync("Active").catch(() => { });
  };

  lc.watchActivity = ref => {
    activityRef = ref;
    lastReport = 0;
    report();
  };

  for (const type of ["keydown", "pointerdown", "touchstart", "wheel"]) document.addEventListener(type, report, { passive: true, capture: true });
  document.addEventListener("visibilitychange", report);
  window.addEventListener("focus", report);

  lc.notificationPermission = () => ("Notification" in window) ? Notification.permission : "unsupported";

  const dismissedKey = "letschat.notifications.asked";
  lc.notificationBannerDismissed = () => { try { return localStorage.getItem(dismissedKey) === "1"; } catch { return false; } };
  lc.dismissNotificationBanner = () => { try { localStorage.setItem(dismissedKey, "1"); } catch { } };

  // Asked from the click itself, so the browser sees the reader's gesture (some refuse a prompt without one).
  lc.bindPermissionButton = (button, ref) => {
    if (!button || button.dataset.bound) return;
    button.dataset.bound = "1";
    button.addEventListener("click", async () => {
      let result = lc.notificationPermission();
      if (result === "default") {
        try { result = await Notification.requestPermission(); } catch { result = Notification.permission; }
      }
      ref.invokeMethodAsync("PermissionChosen", result).catch(() => { });
    });
  };

  // A short, soft two-note chime made on the spot (no sound file to fetch); silent if the browser blocks audio.
  let audio = null;
  const chime = () => {
    try {
      audio ??= new AudioContext();
      const now = audio.currentTime;
      [[880, 0], [1175, 0.12]].forEach(([frequency, at]) => {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, now + at);
        gain.gain.exponentialRampToValueAtTime(0.08, now + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.25);
        tone.connect(gain).connect(audio.destination);
        tone.start(now + at);
        tone.stop(now + at + 0.3);
      });
    } catch { }
  };

  const lookingHere = () => document.visibilityState === "visible" && document.hasFocus();

  // { id, title, body, tag, url }: shown by the worker unless a tab of the site is in front of the reader.
  lc.notifyDesktop = async notification => {
    if (lookingHere()) return "looking";
    if (lc.notificationPermission() !== "granted" || !("serviceWorker" in navigator)) return "not-allowed";
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ type: "notify", icon: "/icons/app-192.png", ...notification });
    chime();
    return "posted";
  };

  // Web Push on this device: the subscription's endpoint and keys go to the server, which pushes when no tab is open.
  lc.pushSupported = () => "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  lc.pushCurrent = async () => {
    if (!lc.pushSupported()) return null;
    const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    return subscription?.endpoint ?? null;
  };
  lc.pushSubscribe = async publicKey => {
    if (!lc.pushSupported()) throw new Error("This browser cannot receive push notifications.");
    let permission = Notification.permission;
    if (permission === "default") permission = await Notification.requestPermission();
    if (permission !== "granted") throw new Error("Notifications are blocked for this site. Allow them in the browser's site settings.");
    const base64 = publicKey.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(publicKey.length / 4) * 4, "=");
    const key = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const registration = await navigator.serviceWorker.ready;
    let subscription;
    try {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    } catch (e) {
      throw new Error("This browser's push service could not be reached: " + (e?.message ?? e));
    }
    const json = subscription.toJSON();
    return { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth };
  };
  lc.pushUnsubscribe = async () => {
    if (!lc.pushSupported()) return null;
    const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    if (!subscription) return null;
    const endpoint = subscription.endpoint;
    await subscription.unsubscribe();
    return endpoint;
  };

  // The worker asks an open tab to go somewhere when its notification is clicked.
  navigator.serviceWorker?.addEventListener("message", e => {
    if (e.data?.type === "open" && typeof e.data.url === "string" && e.data.url.startsWith("/")) {
      window.focus();
      if (window.Blazor?.navigateTo) window.Blazor.navigateTo(e.data.url); else location.href = e.data.url;
    }
  });
})();
