// Handoff admin page. Everything shown is data from the management API, so it is only ever rendered as text
// (textContent / text nodes), never as HTML.
(() => {
  'use strict';

  const api = '/api/management';
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem('handoff-admin-key') || '';
  let refreshTimer = null;
  let chartTimer = null;
  let settings = null;

  function el(tag, ...children) {
    const node = document.createElement(tag);
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
    }
    return node;
  }

  function row(...cells) {
    return el('tr', ...cells.map((c) => (c instanceof Node && c.nodeName === 'TD' ? c : el('td', c))));
  }

  function button(text, onClick) {
    const b = el('button', text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function setStatus(id, text, ok) {
    const node = $(id);
    node.textContent = text;
    node.className = ok === undefined ? '' : ok ? 'ok' : 'bad';
  }

  function showErrors(listId, problem) {
    const list = $(listId);
    list.replaceChildren();
    if (!problem) return;
    if (problem.errors) {
      for (const [field, messages] of Object.entries(problem.errors)) {
        list.append(el('li', `${field}: ${[].concat(messages).join(' ')}`));
      }
    } else {
      list.append(el('li', problem.title || 'Request failed.'));
    }
  }

  async function call(method, path, body) {
    const response = await fetch(api + path, {
      method,
      headers: Object.assign({ 'X-Api-Key': key }, body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { title: text }; }
    if (response.status === 401) {
      disconnect('The key was refused.');
    }
    return { ok: response.ok, status: response.status, data };
  }

  function seconds(value) {
    const s = Math.round(value);
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
  }

  function time(value) {
    return value ? new Date(value).toLocaleString() : '';
  }

  // ---- connection -------------------------------------------------------------------------------------------
  async function connect(event) {
    if (event) event.preventDefault();
    key = $('api-key').value.trim() || key;
    const probe = await call('GET', '/settings');
    if (!probe.ok) {
      setStatus('status', probe.status === 401 ? 'The key was refused.' : `Error ${probe.status}`, false);
      return;
    }
    sessionStorage.setItem('handoff-admin-key', key);
    setStatus('status', 'Connected', true);
    $('main').hidden = false;
    renderSettings(probe.data);
    await Promise.all([loadScenarios(), loadModels(), refreshLive(), loadCharts()]);
    clearInterval(refreshTimer);
    clearInterval(chartTimer);
    refreshTimer = setInterval(refreshLive, 3000);
    chartTimer = setInterval(loadCharts, 60000);
  }

  function disconnect(message) {
    clearInterval(refreshTimer);
    clearInterval(chartTimer);
    sessionStorage.removeItem('handoff-admin-key');
    $('main').hidden = true;
    setStatus('status', message, false);
  }

  // ---- live: stats, queue, agents ---------------------------------------------------------------------------
  async function refreshLive() {
    const [stats, queue, agents] = await Promise.all([call('GET', '/stats'), call('GET', '/queue'), call('GET', '/agents')]);
    if (stats.ok) {
      const s = stats.data;
      const stat = (label, value) => { const d = el('div', el('b', value), label); d.className = 'stat'; return d; };
      $('stats').replaceChildren(
        stat('waiting', s.waiting), stat('connected', s.connected), stat('agents available', s.agentsAvailable), stat('agents away', s.agentsAway),
        stat('median wait (hour)', seconds(s.lastHour.medianWaitSeconds)), stat('90th pct wait (hour)', seconds(s.lastHour.p90WaitSeconds)),
        stat('median wait (day)', seconds(s.lastDay.medianWaitSeconds)), stat('handoffs completed (day)', s.lastDay.handoffsCompleted),
        stat('queue timeouts (day)', s.lastDay.queueTimeouts));
    }
    if (queue.ok) {
      $('queue').tBodies[0].replaceChildren(...queue.data.map((q) =>
        row(q.position, q.userName, seconds(q.waitSeconds), q.reason || '', q.priority, q.channelId, q.shortId)));
    }
    if (agents.ok) {
      $('agents').tBodies[0].replaceChildren(...agents.data.map((a) =>
        row(a.displayName, a.status, capacityCell(a), a.connected.map((c) => c.userName).join(', '), time(a.lastSeenAt), signOutCell(a))));
    }
    await refreshAgentKeys();
    $('refreshed').textContent = `refreshed ${new Date().toLocaleTimeString()}`;
  }

  // Per-agent capacity: shown with where it comes from; "Change" asks for a number, empty means the global default.
  function capacityCell(agent) {
    const source = agent.capacityOverride === null || agent.capacityOverride === undefined ? 'default' : 'own';
    return el('td', `${agent.capacity} (${source}) `, button('Change', async () => {
      const answer = window.prompt(`Capacity of ${agent.displayName} (empty: the global default)`, agent.capacityOverride ?? '');
      if (answer === null) return;
      const capacity = answer.trim() === '' ? null : Number(answer);
      const result = await call('PUT', `/agents/${agent.id}/capacity`, { capacity });
      if (!result.ok) window.alert((result.data && result.data.title) || 'The capacity was refused.');
      await refreshLive();
    }));
  }

  // Signing out ends every agent web chat token of the agent (a stolen one too); their live users are told.
  function signOutCell(agent) {
    return el('td', button('Sign out', async () => {
      if (!window.confirm(`Sign ${agent.displayName} out? Their live users are told and go back to the bot.`)) return;
      const result = await call('POST', `/agents/${agent.id}/sign-out`);
      if (!result.ok) window.alert((result.data && result.data.title) || 'The sign-out was refused.');
      await refreshLive();
    }));
  }

  // Personal agent keys: created for a named agent, shown once, listed without the key, revoked here.
  async function refreshAgentKeys() {
    const keys = await call('GET', '/agent-keys');
    if (!keys.ok) return;
    $('agent-keys').tBodies[0].replaceChildren(...keys.data.map((k) =>
      row(k.agentName, k.id, time(k.createdAt), k.createdBy, k.revokedAt ? time(k.revokedAt) : '',
        k.revokedAt ? '' : el('td', button('Revoke', async () => {
          if (!window.confirm(`Revoke the key of ${k.agentName}? Its sessions end at once.`)) return;
          const result = await call('DELETE', `/agent-keys/${encodeURIComponent(k.id)}`);
          if (!result.ok) window.alert((result.data && result.data.title) || 'The revocation was refused.');
          await refreshLive();
        })))));
  }

  async function createAgentKey(event) {
    event.preventDefault();
    const result = await call('POST', '/agent-keys', { agentName: $('agent-key-name').value });
    if (!result.ok) {
      setStatus('agent-key-status', (result.data && result.data.title) || 'The key was refused.', false);
      return;
    }
    setStatus('agent-key-status', 'created', true);
    $('agent-key-created-name').textContent = result.data.info.agentName;
    $('agent-key-created-key').textContent = result.data.key;
    $('agent-key-created').hidden = false;
    $('agent-key-name').value = '';
    await refreshAgentKeys();
  }

  // ---- history: inline SVG bar charts, each with a table alternative ----------------------------------------
  const svgNs = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function hourLabel(start) {
    return new Date(start).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  // series: [{ key, label, cls, format }]; bars of several series stand side by side within each hour. axis formats
  // the y-axis labels (short), format the values in the tooltips and the table.
  function barChart(figureId, title, hours, series, axis) {
    const width = 480, height = 200, left = 44, bottom = 22, top = 8, right = 6;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const max = Math.max(1, ...hours.flatMap((h) => series.map((s) => h[s.key] || 0)));
    const slot = plotWidth / hours.length;
    const barWidth = Math.max(1, (slot - 2) / series.length);
    const titleId = `${figureId}-title`;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId });
    chart.append(svg('title', { id: titleId }, `${title} (the table below has the numbers)`));
    for (const fraction of [0, 0.5, 1]) {
      const y = top + plotHeight * (1 - fraction);
      chart.append(svg('line', { x1: left, x2: width - right, y1: y, y2: y, class: fraction === 0 ? 'axis' : 'grid' }));
      chart.append(svg('text', { x: left - 4, y: y + 3, 'text-anchor': 'end' }, axis(max * fraction)));
    }
    hours.forEach((h, i) => {
      series.forEach((s, j) => {
        const value = h[s.key] || 0;
        const barHeight = plotHeight * (value / max);
        const bar = svg('rect', { x: left + i * slot + 1 + j * barWidth, y: top + plotHeight - barHeight, width: barWidth, height: barHeight, class: s.cls });
        bar.append(svg('title', {}, `${hourLabel(h.start)}: ${s.label} ${s.format(value)}`));
        chart.append(bar);
      });
      if (i % 4 === 0) {
        chart.append(svg('text', { x: left + i * slot + slot / 2, y: height - 6, 'text-anchor': 'middle' }, hourLabel(h.start)));
      }
    });

    const table = el('table', el('caption', title));
    table.className = 'visually-hidden';
    table.append(el('thead', el('tr', el('th', 'Hour starting'), ...series.map((s) => el('th', s.label)))));
    table.append(el('tbody', ...hours.map((h) => row(hourLabel(h.start), ...series.map((s) => (h[s.key] === null ? 'none' : s.format(h[s.key] || 0)))))));

    const figure = $(figureId);
    const parts = [el('figcaption', title), chart];
    if (series.length > 1) {
      const legend = el('ul', ...series.map((s) => { const swatch = el('span'); swatch.className = `swatch ${s.cls}`; return el('li', swatch, s.label); }));
      legend.className = 'legend';
      legend.setAttribute('aria-hidden', 'true');
      parts.push(legend);
    }
    figure.replaceChildren(...parts, table);
  }

  async function loadCharts() {
    const charts = await call('GET', '/charts');
    if (!charts.ok) return;
    const hours = charts.data.hours;
    const count = (v) => String(Math.round(v));
    const minutes = (v) => (v >= 60 ? `${Math.round(v / 60)} min` : `${Math.round(v)} s`);
    barChart('chart-queue', 'Queue length (peak per hour)', hours, [{ key: 'peakQueueLength', label: 'peak queue', cls: 'bar-queue', format: count }], count);
    barChart('chart-wait', 'Median wait until connected', hours, [{ key: 'medianWaitSeconds', label: 'median wait', cls: 'bar-wait', format: seconds }], minutes);
    barChart('chart-deliveries', 'Messages delivered and failed', hours, [
      { key: 'deliveries', label: 'delivered', cls: 'bar-delivered', format: count },
      { key: 'failures', label: 'failed', cls: 'bar-failed', format: count },
    ], count);
    $('history').dataset.loaded = 'true';
  }

  // ---- settings ---------------------------------------------------------------------------------------------
  function renderSettings(s) {
    settings = s;
    $('s-enabled').checked = s.enabled;
    $('s-timeout-queue').value = s.timeouts.queue;
    $('s-timeout-user').value = s.timeouts.user;
    $('s-timeout-agent').value = s.timeouts.agent;
    $('s-capacity').value = s.agents.capacity;
    $('s-tenant').value = s.teams.tenantId || '';
    $('s-client').value = s.teams.clientId || '';
    $('s-group').value = s.teams.agentGroupObjectId || '';
    $('s-organizer').value = s.teams.defaultMeetingOrganizerObjectId || '';
    $('s-channel-team').value = s.teams.agentChannel.teamId || '';
    $('s-channel-channel').value = s.teams.agentChannel.channelId || '';
    $('s-channel-url').value = s.teams.agentChannel.serviceUrl || '';
    $('s-channel-status').textContent = s.teams.agentChannel.status === 'not reachable yet'
      ? 'Channel not reachable yet: install the Handoff app in the team (or say something to it there). Queueing works in 1:1 mode meanwhile.'
      : `Channel mode: ${s.teams.agentChannel.status}.`;
    $('s-secret').value = '';
    $('s-secret').placeholder = s.teams.clientSecretSet ? 'set (type to replace)' : 'not set';
    const box = $('s-messages');
    box.replaceChildren(...Object.entries(s.messages).map(([name, text]) => {
      const area = el('textarea');
      area.rows = 2;
      area.dataset.message = name;
      area.value = text;
      return el('label', name, area);
    }));
  }

  async function saveSettings(event) {
    event.preventDefault();
    const messages = {};
    for (const area of $('s-messages').querySelectorAll('textarea')) {
      if (area.value !== settings.messages[area.dataset.message]) messages[area.dataset.message] = area.value;
    }
    const body = {
      enabled: $('s-enabled').checked,
      messages,
      timeouts: { queue: $('s-timeout-queue').value, user: $('s-timeout-user').value, agent: $('s-timeout-agent').value },
      agents: { capacity: Number($('s-capacity').value) },
      teams: {
        tenantId: $('s-tenant').value,
        clientId: $('s-client').value,
        agentGroupObjectId: $('s-group').value,
        defaultMeetingOrganizerObjectId: $('s-organizer').value,
        agentChannel: { teamId: $('s-channel-team').value, channelId: $('s-channel-channel').value, serviceUrl: $('s-channel-url').value },
      },
    };
    // The secret is write-only: sent only when the administrator typed one.
    if ($('s-secret').value) body.teams.clientSecret = $('s-secret').value;
    const result = await call('PUT', '/settings', body);
    showErrors('settings-errors', result.ok ? null : result.data);
    if (result.ok) {
      renderSettings(result.data);
      setStatus('settings-result', 'Saved. In force for the next message.', true);
    } else {
      setStatus('settings-result', 'Not saved.', false);
    }
  }

  // ---- language models --------------------------------------------------------------------------------------
  async function loadScenarios() {
    const result = await call('GET', '/scenarios');
    if (!result.ok) return;
    const select = $('lm-scenario');
    select.replaceChildren(...result.data.builtIn.map((s) => {
      const option = el('option', `${s.id} — ${s.description}`);
      option.value = s.id;
      return option;
    }));
    const custom = el('option', 'custom (reply with text)…');
    custom.value = 'custom';
    select.append(custom);
  }

  async function loadModels() {
    const result = await call('GET', '/language-models');
    if (!result.ok) return;
    $('lm-table').tBodies[0].replaceChildren(...result.data.map((m) => {
      const patterns = el('td', ...m.patterns.map((p) => el('div', el('code', p))));
      const actions = el('td', button('Edit', () => editModel(m)));
      if (!m.builtIn) actions.append(' ', button('Delete', () => deleteModel(m)));
      return row(m.name, m.audience, patterns, m.scenarioId, m.enabled ? 'yes' : 'no', m.builtIn ? 'yes' : 'no', actions);
    }));
  }

  function editModel(m) {
    $('lm-form-title').textContent = `Edit: ${m.name}`;
    $('lm-id').value = m.id;
    $('lm-name').value = m.name;
    $('lm-audience').value = m.audience;
    $('lm-patterns').value = m.patterns.join('\n');
    const builtIn = [...$('lm-scenario').options].some((o) => o.value === m.scenarioId);
    $('lm-scenario').value = builtIn ? m.scenarioId : 'custom';
    $('lm-custom-scenario').value = builtIn ? '' : m.scenarioId;
    $('lm-reply').value = m.replyText || '';
    $('lm-enabled').checked = m.enabled;
    showErrors('lm-errors', null);
    setStatus('lm-result', '');
  }

  function newModel() {
    $('lm-form').reset();
    $('lm-id').value = '';
    $('lm-form-title').textContent = 'New language model';
    showErrors('lm-errors', null);
    setStatus('lm-result', '');
  }

  async function saveModel(event) {
    event.preventDefault();
    const scenario = $('lm-scenario').value === 'custom' ? $('lm-custom-scenario').value.trim() : $('lm-scenario').value;
    const body = {
      name: $('lm-name').value,
      method: $('lm-method').value,
      audience: $('lm-audience').value,
      patterns: $('lm-patterns').value.split('\n').map((p) => p.trim()).filter((p) => p.length > 0),
      scenarioId: scenario,
      replyText: $('lm-reply').value || null,
      enabled: $('lm-enabled').checked,
    };
    const id = $('lm-id').value;
    const result = id ? await call('PUT', `/language-models/${encodeURIComponent(id)}`, body) : await call('POST', '/language-models', body);
    showErrors('lm-errors', result.ok ? null : result.data);
    if (result.ok) {
      $('lm-id').value = result.data.id;
      $('lm-form-title').textContent = `Edit: ${result.data.name}`;
      setStatus('lm-result', `Saved '${result.data.name}' → ${result.data.scenarioId}.`, true);
      await loadModels();
    } else {
      setStatus('lm-result', 'Not saved.', false);
    }
  }

  async function deleteModel(m) {
    if (!window.confirm(`Delete the language model '${m.name}'?`)) return;
    const result = await call('DELETE', `/language-models/${encodeURIComponent(m.id)}`);
    setStatus('lm-result', result.ok ? `Deleted '${m.name}'.` : (result.data && result.data.title) || 'Not deleted.', result.ok);
    await loadModels();
  }

  async function testUtterance(event) {
    event.preventDefault();
    const result = await call('POST', '/language-models/test', { utterance: $('lm-test-utterance').value, audience: $('lm-test-audience').value });
    const tbody = $('lm-test-scores').tBodies[0];
    if (!result.ok) {
      setStatus('lm-test-result', result.data && result.data.errors ? Object.values(result.data.errors).flat().join(' ') : 'Test failed.', false);
      tbody.replaceChildren();
      return;
    }
    const r = result.data;
    setStatus('lm-test-result', r.winningScenarioId ? `Winning scenario: ${r.winningScenarioId}` : `No scenario matches (threshold ${r.threshold}): fallback reply.`, !!r.winningScenarioId);
    tbody.replaceChildren(...[...r.scores].sort((a, b) => b.confidence - a.confidence)
      .map((s) => row(s.name, s.scenarioId, s.confidence.toFixed(2))));
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', connect);
    $('settings-form').addEventListener('submit', saveSettings);
    $('agent-key-form').addEventListener('submit', createAgentKey);
    $('lm-form').addEventListener('submit', saveModel);
    $('lm-new').addEventListener('click', newModel);
    $('lm-test-form').addEventListener('submit', testUtterance);
    if (key) connect();
  });
})();
