namespace LetsChat.Server.Notifications;

/// <summary>
/// <c>/sw.js</c>: with it the site installs as an app, shows Web Push, and shows the desktop notifications pages post to
/// it. It handles no fetch, so pages and the circuit's connection go to the network exactly as without it.
/// </summary>
internal static class ServiceWorkerScript
{
    public const string Source = """
        // Let's Chat's service worker.
        self.addEventListener("install", () => self.skipWaiting());
        self.addEventListener("activate", event => event.waitUntil(self.clients.claim()));

        const shown = new Set();

        const show = n => self.registration.showNotification(n.title || "Let's Chat", {
          body: n.body || "",
          tag: n.tag || "letschat",
          icon: n.icon || "/icons/app-192.png",
          badge: "/icons/app-maskable-192.png",
          data: { url: typeof n.url === "string" && n.url.startsWith("/") ? n.url : "/chat" },
          renotify: true
        });

        // Is the reader looking at a tab of the site right now?
        const looking = async () => (await self.clients.matchAll({ type: "window", includeUncontrolled: true }))
          .some(c => c.visibilityState === "visible" && c.focused);

        // A page's desktop notification: every open tab posts the same one; it shows once, and not while a tab is in front.
        self.addEventListener("message", event => {
          const n = event.data;
          if (!n || n.type !== "notify" || typeof n.id !== "string") return;
          event.waitUntil((async () => {
            if (shown.has(n.id) || await looking()) return;
            shown.add(n.id);
            if (shown.size > 500) shown.delete(shown.values().next().value);
            await show(n);
          })());
        });

        // Web Push, sent when no tab of the site is open: one notification per batch, replacing the room's last one.
        self.addEventListener("push", event => {
          let n = {};
          try { n = event.data ? event.data.json() : {}; } catch { n = { body: event.data ? event.data.text() : "" }; }
          event.waitUntil(show(n));
        });

        // A click opens the conversation: in an open tab of the site if there is one, else in a new one.
        self.addEventListener("notificationclick", event => {
          event.notification.close();
          const url = event.notification.data?.url || "/chat";
          event.waitUntil((async () => {
            const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
            const tab = tabs.find(c => new URL(c.url).origin === self.location.origin);
            if (tab) {
              await tab.focus();
              tab.postMessage({ type: "open", url });
            } else {
              await self.clients.openWindow(url);
            }
          })());
        });
        """;
}
