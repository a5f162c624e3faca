// Shared by the end-user and agent pages: render the official Web Chat against this server's Direct Line endpoint.
window.Handoff = {
  webChatMissing(element) {
    if (window.WebChat) {
      return false;
    }
    element.textContent = 'Web Chat is not installed on this server: build it with Node.js/npm available (see docs/web-chat.md).';
    return true;
  },

  async postJson(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {})
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  },

  render(element, issued, store) {
    const directLine = window.WebChat.createDirectLine({
      token: issued.token,
      domain: new URL('/v3/directline', window.location.href).href
    });
    window.WebChat.renderWebChat(
      {
        directLine,
        store,
        username: issued.userName || undefined,
        locale: 'en-US',
        // Both sides post "typing" while writing; the server shows it to the other side of a live handoff only.
        sendTypingIndicator: true,
        styleOptions: {
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8,
          botAvatarInitials: 'H',
          hideUploadButton: false
        }
      },
      element
    );
    return directLine;
  }
};
