// The login page: posts the credentials to the API, which sets the session cookie, then goes where the user was headed.
'use strict';
(function () {
  const form = document.getElementById('login-form');
  const error = document.getElementById('login-error');
  // only a path on this center: "//evil.example" or "https://..." would make the login an open redirect
  const next = new URLSearchParams(location.search).get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
  // someone with a live session has nothing to do here
  fetch('/api/v1/me', { headers: { Accept: 'application/json' } })
    .then(r => { if (r.ok) location.replace(target); }).catch(() => {});
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    const button = document.getElementById('login-button');
    button.disabled = true;
    try {
      const r = await fetch('/api/v1/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: document.getElementById('username').value, password: document.getElementById('password').value }),
      });
      if (r.status === 201) { location.href = target; return; }
      const body = await r.json().catch(() => null);
      error.textContent = r.status === 401 ? 'Wrong username or password.'
        : (body && body.error && body.error.message) || ('The center answered ' + r.status);
    } catch (err) {
      error.textContent = 'The center cannot be reached: ' + err.message;
    } finally {
      button.disabled = false;
    }
  });
})();
