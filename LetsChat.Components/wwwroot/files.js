// Let's Chat's uploads and picture viewer. A composer (form[data-upload-url], Composer.razor) takes files from its
// Attach files button, from a drop anywhere on the room, or pasted into the message box. Each file is posted over HTTP
// with the page's antiforgery token (never through the circuit, so a big file does not hold up live updates), and its
// progress is reported to the composer's ComposerFiles, which shows it and sends the message when every file is in.
(() => {
  const uploads = new Map(); // local id -> { xhr, preview }
  let nextId = 0;

  window.letsChat.registerUploads = (form, files) => { form.letsChatFiles = files; };

  // Stops uploads still running and lets their previews go (the composer removed them, or sent them).
  window.letsChat.dropUploads = ids => {
    for (const id of ids) {
      const upload = uploads.get(id);
      if (!upload) continue;
      uploads.delete(id);
      if (upload.xhr.readyState !== XMLHttpRequest.DONE) upload.xhr.abort();
      if (upload.preview) URL.revokeObjectURL(upload.preview);
    }
  };

  const start = async (form, files) => {
    const composer = form?.letsChatFiles;
    if (!composer || !form.dataset.uploadUrl) return;
    for (const file of files) {
      const id = ++nextId;
      const preview = /^image\/(png|jpeg|webp|gif)$/.test(file.type) ? URL.createObjectURL(file) : null;
      const refusal = await composer.invokeMethodAsync("Started", id, file.name || "pasted file", file.size, preview);
      if (refusal) {
        if (preview) URL.revokeObjectURL(preview);
        continue;
      }
      send(form.dataset.uploadUrl, composer, id, file, preview);
    }
  };

  const send = (url, composer, id, file, preview) => {
    const xhr = new XMLHttpRequest();
    uploads.set(id, { xhr, preview });
    let reported = 0;
    xhr.upload.addEventListener("progress", e => {
      const now = performance.now();
      if (now - reported < 200) return; // a few reports a second are enough for a bar
      reported = now;
      composer.invokeMethodAsync("Progress", id, e.loaded);
    });
    xhr.addEventListener("load", () => {
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON: a proxy's page */ }
      if (xhr.status === 200 && answer) composer.invokeMethodAsync("Uploaded", id, answer);
      else composer.invokeMethodAsync("Failed", id, answer?.message ?? (xhr.status === 413 ? "This file is too large." : `The upload failed (${xhr.status}).`));
    });
    xhr.addEventListener("error", () => composer.invokeMethodAsync("Failed", id, "The upload failed; check the connection and try again."));
    xhr.open("POST", url);
    xhr.setRequestHeader("RequestVerificationToken", letsChat.antiforgeryToken());
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name || "pasted file"));
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.send(file);
  };

  const composerIn = element => element?.closest?.(".chat-room")?.querySelector("form[data-upload-url]");

  document.addEventListener("click", e => {
    const button = e.target.closest?.("[data-attach-button]");
    if (button) button.form?.querySelector("input[data-attach]")?.click();
  });
  document.addEventListener("change", e => {
    if (!e.target.matches?.("input[data-attach]")) return;
    start(e.target.form, [...e.target.files]);
    e.target.value = "";
  });
  document.addEventListener("paste", e => {
    const box = e.target.closest?.("textarea[data-enter-sends]");
    const files = [...(e.clipboardData?.files ?? [])];
    if (!box || files.length === 0) return;
    e.preventDefault(); // a pasted picture is a file, not its name as text
    start(box.form, files);
  });

  // Dropping files anywhere on the room: the room shows where they will go while they are dragged over it.
  let dragged = null;
  const hasFiles = e => [...(e.dataTransfer?.types ?? [])].includes("Files");
  const endDrag = () => { dragged?.classList.remove("dropping"); dragged = null; };
  document.addEventListener("dragover", e => {
    const room = e.target.closest?.(".chat-room");
    if (!hasFiles(e) || !composerIn(room)) return endDrag();
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    if (dragged !== room) { endDrag(); dragged = room; room.classList.add("dropping"); }
  });
  document.addEventListener("dragleave", e => { if (dragged && !dragged.contains(e.relatedTarget)) endDrag(); });
  document.addEventListener("drop", e => {
    const form = composerIn(e.target);
    endDrag();
    if (!hasFiles(e) || !form) return;
    e.preventDefault();
    start(form, [...e.dataTransfer.files]);
  });
})();

// The picture viewer: a click on a picture in a message opens it large in a modal dialog; Esc closes it (focus goes
// back to the picture), and the arrows (or the buttons) move between that message's pictures.
(() => {
  let viewer, opener, pictures = [], at = 0;
  const build = () => {
    viewer = document.createElement("dialog");
    viewer.className = "image-viewer";
    viewer.setAttribute("aria-label", "Image viewer");
    viewer.innerHTML = '<figure><img alt="" /><figcaption><span class="viewer-name"></span> <span class="viewer-count"></span>' +
      ' <a class="viewer-download" download>Download</a></figcaption></figure>' +
      '<button type="button" class="viewer-close" aria-label="Close">✕</button>' +
      '<button type="button" class="viewer-previous" aria-label="Previous image">‹</button>' +
      '<button type="button" class="viewer-next" aria-label="Next image">›</button>';
    viewer.querySelector(".viewer-close").addEventListener("click", () => viewer.close());
    viewer.querySelector(".viewer-previous").addEventListener("click", () => show(at - 1));
    viewer.querySelector(".viewer-next").addEventListener("click", () => show(at + 1));
    viewer.addEventListener("click", e => { if (e.target === viewer) viewer.close(); }); // the backdrop
    viewer.addEventListener("keydown", e => {
      if (e.key === "ArrowLeft") { e.preventDefault(); show(at - 1); }
      else if (e.key === "ArrowRight") { e.preventDefault(); show(at + 1); }
    });
    viewer.addEventListener("close", () => { if (opener?.isConnected) opener.focus(); });
    document.body.append(viewer);
  };
  const show = index => {
    if (index < 0 || index >= pictures.length) return;
    at = index;
    const link = pictures[at], name = link.querySelector("img")?.alt ?? "";
    const img = viewer.querySelector("img");
    img.src = link.href;
    img.alt = name;
    viewer.querySelector(".viewer-name").textContent = name;
    viewer.querySelector(".viewer-count").textContent = pictures.length > 1 ? `${at + 1} of ${pictures.length}` : "";
    viewer.querySelector(".viewer-download").href = link.href;
    viewer.querySelector(".viewer-download").setAttribute("download", name);
    viewer.querySelector(".viewer-previous").hidden = at === 0;
    viewer.querySelector(".viewer-next").hidden = at === pictures.length - 1;
  };
  document.addEventListener("click", e => {
    const link = e.target.closest?.(".msg-files .msg-image");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (!viewer) build();
    opener = link;
    pictures = [...link.closest(".msg-files").querySelectorAll(".msg-image")];
    show(pictures.indexOf(link));
    viewer.showModal();
    viewer.querySelector(".viewer-close").focus();
  });
})();
