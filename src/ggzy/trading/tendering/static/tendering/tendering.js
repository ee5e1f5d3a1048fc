// Tendering pages: reload after bidder.js finished an upload or sent a key, so the page shows the
// receipt / the opening state from the server (no inline script: CSP script-src 'self').
for (const name of ["ggzy:submitted", "ggzy:key-sent"]) {
  document.addEventListener(name, () => {
    window.setTimeout(() => window.location.reload(), 800);
  });
}
