// The agent page: sign in with a display name and the agent access key; the server answers with a token carrying the
// verified agent claim. The command buttons send the same text an agent would type.
(function () {
  const form = document.getElementById('sign-in');
  const nameInput = document.getElementById('agent-name');
  const keyInput = document.getElementById('agent-key');
  const error = document.getElementById('sign-in-error');
  const workspace = document.getElementById('workspace');
  const element = document.getElementById('webchat');

  nameInput.value = window.localStorage.getItem('handoff.agentName') || '';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (window.Handoff.webChatMissing(error)) {
      return;
    }

    const issued = await window.Handoff.postJson('/api/agent/token', { name: nameInput.value, key: keyInput.value });
    if (!issued.ok) {
      error.textContent = issued.status === 401 ? 'Wrong agent access key.'
        : issued.status === 429 ? 'Too many attempts; wait a minute.'
        : (issued.data.error && issued.data.error.message) || 'Sign-in failed (' + issued.status + ').';
      return;
    }

    window.localStorage.setItem('handoff.agentName', nameInput.value);
    keyInput.value = '';
    form.hidden = true;
    workspace.hidden = false;
    document.getElementById('signed-in-as').textContent = 'Signed in as ' + issued.data.userName + '. Press Login (or type login) to take conversations.';

    const store = window.WebChat.createStore();
    window.Handoff.render(element, issued.data, store);
    for (const button of document.querySelectorAll('[data-command]')) {
      button.addEventListener('click', () => store.dispatch({
        type: 'WEB_CHAT/SEND_MESSAGE',
        payload: { text: button.dataset.command }
      }));
    }
  });
})();
