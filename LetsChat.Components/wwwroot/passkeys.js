// Passkeys (WebAuthn): the browser half of the ceremonies in PasskeyEndpoints. Buttons with data-passkey="signin" or
// "signup" work by delegation on the sign-in pages; /me calls window.letsChatPasskeys.add(name) and deleteAccount(...)
// through JS interop.
(() => {
  const supported = () => !!(window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON);

  const post = (path, body) => send('/account/passkeys/' + path, body);

  async function send(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': letsChat.antiforgeryToken() },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      throw new Error(json?.error ?? 'Something went wrong. Please try again.');
    }
    return json;
  }

  function explain(error) {
    if (error?.name === 'NotAllowedError') return 'The passkey request was cancelled or timed out.';
    if (error?.name === 'InvalidStateError') return 'This device already has a passkey for this account.';
    return error?.message ?? 'Something went wrong. Please try again.';
  }

  async function create(optionsPath, optionsBody, finishPath, name) {
    const options = await post(optionsPath, optionsBody);
    const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    return post(finishPath, { credential: JSON.stringify(credential.toJSON()), name });
  }

  async function signIn(returnUrl) {
    const options = await post('signin-options');
    const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    return post('signin', { credential: JSON.stringify(credential.toJSON()), returnUrl });
  }

  function showError(form, message) {
    let alert = form.querySelector('[data-passkey-error]');
    if (!alert) {
      alert = document.createElement('p');
      alert.className = 'form-error';
      alert.setAttribute('role', 'alert');
      alert.dataset.passkeyError = '';
      form.prepend(alert);
    }
    alert.textContent = message;
  }

  document.addEventListener('click', async (event) => {
    const button = event.target.closest?.('[data-passkey]');
    if (!button) return;
    event.preventDefault();
    const form = button.closest('form') ?? document.body;
    if (!supported()) {
      showError(form, 'This browser cannot use passkeys. Use a password instead.');
      return;
    }
    const field = (name) => form.querySelector(`[name="Input.${name}"]`)?.value ?? '';
    button.disabled = true;
    try {
      const result = button.dataset.passkey === 'signup'
        ? await create('signup-options', { handle: field('Handle'), displayName: field('DisplayName'), email: field('Email') }, 'signup')
        : await signIn(field('ReturnUrl') || new URLSearchParams(location.search).get('returnUrl'));
      location.assign(result?.redirect ?? '/chat');
    } catch (error) {
      showError(form, explain(error));
    } finally {
      button.disabled = false;
    }
  });

  window.letsChatPasskeys = {
    supported,
    // Adds a passkey to the signed-in account; resolves to null, or to a sentence saying why not.
    async add(name) {
      if (!supported()) return 'This browser cannot use passkeys.';
      try {
        await create('add-options', {}, 'add', name);
        return null;
      } catch (error) {
        return explain(error);
      }
    },
    // Deletes the signed-in account, confirmed by a passkey, a password or the typed handle; resolves to null while
    // the page goes to the redirect, or to a sentence saying why not.
    async deleteAccount({ password, handle, usePasskey, removeMessages } = {}) {
      if (usePasskey && !supported()) return 'This browser cannot use passkeys.';
      try {
        let credential = null;
        if (usePasskey) {
          const options = await post('confirm-options');
          const proof = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
          credential = JSON.stringify(proof.toJSON());
        }
        const result = await send('/account/delete', { password, handle, credential, removeMessages: !!removeMessages });
        location.assign(result?.redirect ?? '/');
        return null;
      } catch (error) {
        return explain(error);
      }
    },
  };
})();
