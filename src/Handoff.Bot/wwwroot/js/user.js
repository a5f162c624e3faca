// The end-user page: an anonymous token from /api/webchat/token, then Web Chat. ?name=Jane only sets a display name.
(async function () {
  const element = document.getElementById('webchat');
  if (window.Handoff.webChatMissing(element)) {
    return;
  }

  const name = new URLSearchParams(window.location.search).get('name') || undefined;
  const issued = await window.Handoff.postJson('/api/webchat/token', { name });
  if (!issued.ok) {
    element.textContent = 'The chat could not start (' + issued.status + '). Please reload the page in a minute.';
    return;
  }

  window.Handoff.render(element, issued.data, window.WebChat.createStore());
})();
