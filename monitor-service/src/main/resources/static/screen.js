// The operators' screen: three views over the monitor's own API (fleet, one cutover, its observation period),
// refreshed when the server says a migration changed (server-sent events), no page reload, no framework.
'use strict';

const view = document.getElementById('view');
const crumbs = document.getElementById('crumbs');
const connection = document.getElementById('connection');
const throughputSeries = new Map(); // migration -> {x: [], y: []}, what this screen saw since it opened
let route = parseRoute();
let lastMessageAt = 0;
let fetching = false;
let lastRefresh = 0;
let refetch = false;
let plot = null;

// ---- small helpers ----------------------------------------------------------------------------------------------
const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const enc = encodeURIComponent;

/** ISO-8601 duration (Java's Duration.toString, also negative parts) to seconds. */
function seconds(iso) {
  if (!iso) return null;
  const m = /^(-)?P(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?$/.exec(iso);
  if (!m) return null;
  const s = (+(m[2] || 0)) * 86400 + (+(m[3] || 0)) * 3600 + (+(m[4] || 0)) * 60 + (+(m[5] || 0));
  return m[1] ? -s : s;
}

function clock(totalSeconds) {
  if (totalSeconds == null) return '–';
  const sign = totalSeconds < 0 ? '−' : '';
  let s = Math.abs(Math.round(totalSeconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return sign + (d ? `${d}d ${hms}` : hms);
}

const time = iso => iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '–';
const number = n => n == null ? '–' : Number(n).toLocaleString('en');
const pct = (part, whole) => whole ? Math.max(0, Math.min(100, 100 * part / whole)) : 0;
const bar = (part, whole, level) => `<div class="bar ${level || ''}"><span style="width:${pct(part, whole).toFixed(1)}%"></span></div>`;
const badges = (rules, severity) => rules.length
  ? rules.map(r => `<span class="badge ${esc(severity)}">${esc(r)}</span>`).join('')
  : '<span class="badge ok">nothing firing</span>';

async function getJson(path) {
  const response = await fetch(path, {headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'm' && parts[1]) return {view: ['observation', 'what-if'].includes(parts[2]) ? parts[2] : 'cutover', id: parts[1]};
  return {view: 'fleet'};
}

// ---- the live connection --------------------------------------------------------------------------------------
function connect() {
  const updates = new EventSource('/api/screen/updates');
  const alive = () => { lastMessageAt = Date.now(); setConnection('live'); };
  const heartbeat = message => { alive(); behind(JSON.parse(message.data).lagSeconds); };
  updates.addEventListener('hello', heartbeat); // not 'open': EventSource fires its own open, without data
  updates.addEventListener('alive', heartbeat);
  updates.addEventListener('changed', message => {
    alive();
    const ids = JSON.parse(message.data);
    if (route.view === 'fleet' || ids.includes(route.id)) refresh();
  });
  updates.onerror = () => setConnection('lost');
}

/** The monitor's own lag: what it shows is as old as its oldest record not yet applied. */
function behind(lagSeconds) {
  const lag = document.getElementById('lag');
  lag.hidden = !(lagSeconds >= 2);
  lag.textContent = `monitor behind its input by ${clock(lagSeconds)}`;
}

function setConnection(state) {
  if (connection.dataset.state === state) return;
  connection.dataset.state = state;
  connection.textContent = state === 'live' ? 'live' : 'connection lost: reconnecting…';
  if (state === 'live') refresh(); // whatever changed while it was gone
}

// the server sends a heartbeat every 5 s: three missed and the screen says it is blind
setInterval(() => { if (Date.now() - lastMessageAt > 15000) setConnection('lost'); }, 1000);

// ---- rendering ----------------------------------------------------------------------------------------------------
async function refresh() {
  if (fetching) { refetch = true; return; }
  fetching = true;
  try {
    do {
      refetch = false;
      const since = Date.now() - lastRefresh;
      if (since < 1000) await new Promise(done => setTimeout(done, 1000 - since)); // at most once a second
      lastRefresh = Date.now();
      const current = route;
      if (current.view === 'fleet') renderFleet(await getJson('/api/migrations'));
      else if (current.view === 'what-if') {
        // a form a person is typing into: drawn once per migration, never redrawn by a refresh
        if (view.dataset.whatIf !== current.id) await renderWhatIf(await getJson(`/api/migrations/${enc(current.id)}?chunks=false`));
      } else {
        // the counts per table, not every chunk: a migration of 500,000 chunks refreshes as fast as a small one
        const [status, alerts] = await Promise.all([getJson(`/api/migrations/${enc(current.id)}?chunks=false`),
          getJson(`/api/migrations/${enc(current.id)}/alerts`)]);
        if (current === route) (current.view === 'observation' ? renderObservation : renderCutover)(status, alerts.alerts);
      }
    } while (refetch);
  } catch (failure) {
    view.innerHTML = `<div class="empty">${esc(failure.message)}</div>`;
  } finally {
    fetching = false;
  }
}

function renderFleet(list) {
  crumbs.innerHTML = '';
  const rows = list.migrations.map(m => `
    <tr data-migration="${esc(m.id)}">
      <td><a href="#/m/${enc(m.id)}">${esc(m.id)}</a><div class="dim small">${esc(m.plan)}${m.defaultPlan ? ' (default plan)' : ''}${m.archivedAt ? ' · archived ' + esc(m.archivedAt) : ''}</div></td>
      <td>${esc(m.phase || '–')} <span class="dim">${esc(m.phaseStatus || '')}</span><div class="dim small">${esc(m.phaseName || '')}</div></td>
      <td class="firing">${badges(m.firing, m.severity)}</td>
      <td class="integrity-errors ${m.integrityErrors >= m.integrityErrorsThreshold ? 'alarm' : ''}">${m.integrityErrors} / ${m.integrityErrorsThreshold}</td>
      <td>${m.projectedFinish ? time(m.projectedFinish) : '–'}<div class="dim small">${m.cutoverStartedAt ? `window ${clock(seconds(m.maintenanceWindow))} from ${time(m.cutoverStartedAt)}` : ''}</div></td>
      <td>${time(m.lastEventTime)}</td>
      <td><a href="${esc(m.report)}">report</a></td>
    </tr>`).join('');
  view.innerHTML = `<h1>Migrations</h1>` + (list.migrations.length ? `
    <table class="fleet"><thead><tr><th>Migration</th><th>Phase</th><th>Firing</th><th>Integrity errors</th>
    <th>Projected finish</th><th>Last event</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : `<div class="empty">No migration yet: events posted to the monitor appear here.</div>`);
}

function tabs(status, current) {
  const base = `#/m/${enc(status.id)}`;
  crumbs.innerHTML = `<a href="#/">all migrations</a> / ${esc(status.id)}`;
  return `<div class="tabs"><a href="${base}" ${current === 'cutover' ? 'aria-current="page"' : ''}>Cutover</a>
    <a href="${base}/observation" ${current === 'observation' ? 'aria-current="page"' : ''}>Observation</a>
    <a href="${base}/what-if" ${current === 'what-if' ? 'aria-current="page"' : ''}>What if</a>
    <a href="${esc(status.report)}">Evidence report</a></div>`;
}

function renderCutover(s, alerts) {
  const receivedAt = Date.now();
  const c = s.cutover;
  const elapsed = seconds(c.elapsed), limit = seconds(c.limit);
  const errorsLevel = s.integrity.errors >= s.integrity.errorsThreshold ? 'crit' : s.integrity.errors ? 'warn' : '';
  const tp = s.throughput;
  remember(s);
  const tables = Object.entries(s.integrity.tables);
  const chunks = tables.reduce((sum, [, t]) => sum + t.matched + t.mismatched + t.pending + t.unverified, 0);
  const matched = tables.reduce((sum, [, t]) => sum + t.matched, 0);
  const differing = key => s.differingKeys.filter(k => k.table === key);
  const top = `
    <h1>${esc(s.id)} <span class="dim small">${esc(s.phase || '')} ${esc(s.phaseStatus || '')} · ${s.live ? 'live' : 'replay: its clock is its newest event'} · event time ${time(s.eventTime)}</span></h1>
    ${tabs(s, 'cutover')}
    <section id="triggers">${s.rollbackTriggers.map(t => trigger(t, s, receivedAt)).join('')}</section>
    <div class="grid">
      <div class="card ${elapsed != null && limit && elapsed > limit ? 'alarm' : ''}" id="cutover">
        <h2>Cutover</h2>
        <div class="big">${clock(elapsed)} <span class="dim small">of ${clock(limit)}</span></div>
        ${bar(elapsed || 0, limit, elapsed > limit ? 'crit' : elapsed > 0.8 * limit ? 'warn' : '')}
        <div>projected finish <b>${time(c.projectedFinish)}</b></div>
        <div class="dim small">started ${time(c.startedAt)}${c.endedAt ? ', ended ' + time(c.endedAt) : ''} · maintenance window ${clock(seconds(c.maintenanceWindow))}</div>
      </div>
      <div class="card ${errorsLevel === 'crit' ? 'alarm' : ''}" id="integrity-errors">
        <h2>Integrity errors</h2>
        <div class="big">${s.integrity.errors} <span class="dim small">of ${s.integrity.errorsThreshold} within ${clock(seconds(s.plan.integrity.errorsWindow))} (rollback trigger)</span></div>
        ${bar(s.integrity.errors, s.integrity.errorsThreshold, errorsLevel || 'warn')}
        <div class="dim small">reconciled ${number(matched)} of ${number(chunks)} chunks</div>
        ${bar(matched, chunks)}
      </div>
      <div class="card ${tp.trailingHour < tp.targetPerHour && s.phase === 'CUTOVER' && s.phaseStatus === 'STARTED' ? 'alarm' : ''}" id="throughput">
        <h2>Throughput, trailing hour</h2>
        <div class="big">${number(tp.trailingHour)} <span class="dim small">records/h of ${number(tp.targetPerHour)}</span></div>
        <div id="throughput-chart"></div>
      </div>
      <div class="card" id="syncs">
        <h2>Syncs</h2>
        ${Object.keys(s.syncs.recordsSynced).length ? `<table><tr><th>Scope</th><th>Records</th><th>Lag</th></tr>${Object.entries(s.syncs.recordsSynced).map(([scope, n]) =>
          `<tr><td>${esc(scope)}</td><td>${number(n)}</td><td>${s.syncs.lagSeconds[scope] != null ? s.syncs.lagSeconds[scope] + ' s' : '–'}</td></tr>`).join('')}</table>` : '<div class="dim">no sync reported</div>'}
      </div>
    </div>
`;
  const bottom = `
    <div class="card" id="firing"><h2>Firing</h2>${s.firing.length ? `<table>${s.firing.map(f => `<tr><td><span class="badge ${esc(f.severity)}">${esc(f.rule)}</span></td><td>${esc(f.summary)}<div class="dim small">since ${time(f.since)} · ${esc(f.action)}</div></td></tr>`).join('')}</table>` : '<div class="dim">nothing firing</div>'}</div>
    <div class="card" id="tables"><h2>Integrity per table</h2>
      ${tables.length ? `<table><tr><th>Table</th><th>Matched</th><th>Mismatched</th><th>Pending</th><th>Unverified</th><th>Differing keys</th></tr>
      ${tables.map(([name, t]) => `<tr><td>${esc(name)}</td><td>${number(t.matched)}</td><td>${t.mismatched ? `<span class="badge CRITICAL">${number(t.mismatched)}</span>` : 0}</td><td>${number(t.pending)}</td><td>${number(t.unverified)}</td>
        <td class="small">${differing(name).map(k => `${esc(k.key)} <span class="dim">${esc(k.type)}</span>`).join('<br>') || '–'}</td></tr>`).join('')}</table>` : '<div class="dim">no reconciliation yet</div>'}
    </div>
    <div class="card" id="timeline"><h2>Timeline</h2>${timeline(alerts, s.decisions)}</div>`;
  // the decision form stays as it is while the rest refreshes: a person may be typing into it
  if (!document.getElementById('decide') || view.dataset.migration !== s.id) {
    view.dataset.migration = s.id;
    view.innerHTML = `<div id="live-top"></div><div class="card" id="decide"><h2>Record a decision</h2>${decisionForm()}</div><div id="live-bottom"></div>`;
    bindDecisionForm(s);
  }
  document.getElementById('live-top').innerHTML = top;
  document.getElementById('live-bottom').innerHTML = bottom;
  answerable(s);
  drawThroughput(s);
}

function trigger(t, s, receivedAt) {
  const left = seconds(t.timeLeft);
  return `<div class="trigger ${t.firing ? '' : 'answered'}" data-rule="${esc(t.rule)}">
    <div><span class="badge CRITICAL">ROLLBACK TRIGGER</span> <b>${esc(t.rule)}</b> ${t.firing ? '' : '<span class="dim">(cleared, still awaiting its decision)</span>'}</div>
    <div class="countdown" data-left="${left}" data-received="${receivedAt}" data-live="${s.live}">${t.overdue ? 'OVERDUE ' : ''}${clock(left)}</div>
    <div>${esc(t.decisionMaker || 'no decision maker in the plan')} decides by <b>${time(t.deadline)}</b> <span class="dim small">(within ${clock(seconds(t.respondWithin))} of ${time(t.triggeredAt)})</span></div>
    ${t.steps.length ? `<ol class="steps">${t.steps.map(step => `<li>${esc(step)}</li>`).join('')}</ol>` : ''}
  </div>`;
}

// a live trigger counts down by the wall clock between two refreshes; a replay's stays where its record ended
setInterval(() => document.querySelectorAll('.countdown').forEach(el => {
  if (el.dataset.live !== 'true') return;
  const left = Number(el.dataset.left) - (Date.now() - Number(el.dataset.received)) / 1000;
  el.textContent = (left < 0 ? 'OVERDUE ' : '') + clock(left);
}), 1000);

function decisionForm() {
  return `<form class="decision" autocomplete="on">
    <label>Decision<select name="decision"><option>GO</option><option>NO_GO</option><option>ROLLBACK</option></select></label>
    <label>Answers<select name="rule"><option value="">no trigger</option></select></label>
    <label>Decided by<input name="by" placeholder="e.g. Migration Lead"></label>
    <label style="grid-column: span 2">Reason<input name="reason" required placeholder="why, for the audit trail"></label>
    <label>User<input name="user" autocomplete="username" required></label>
    <label>Password<input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Record</button>
  </form><div class="message" id="decision-message"></div>`;
}

/** The open rollback triggers are what a decision can answer; the first is chosen when nothing was. */
function answerable(s) {
  const select = view.querySelector('form.decision select[name=rule]');
  const rules = [...new Set(s.rollbackTriggers.map(t => t.rule))];
  if ([...select.options].slice(1).map(o => o.value).join() === rules.join()) return;
  const chosen = select.value;
  select.innerHTML = '<option value="">no trigger</option>' + rules.map(r => `<option>${esc(r)}</option>`).join('');
  select.value = rules.includes(chosen) ? chosen : (select.dataset.touched ? '' : rules[0] || '');
}

function bindDecisionForm(s) {
  const form = view.querySelector('form.decision');
  const message = document.getElementById('decision-message');
  const saved = sessionStorage.getItem('decision-user');
  if (saved) form.user.value = saved;
  form.rule.addEventListener('change', () => { form.rule.dataset.touched = 'yes'; });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = {decision: form.decision.value, reason: form.reason.value};
    if (form.by.value.trim()) body.by = form.by.value.trim();
    if (form.rule.value) body.rule = form.rule.value;
    message.className = 'message'; message.textContent = 'recording…';
    try {
      const response = await fetch(`/api/migrations/${enc(s.id)}/decisions`, {method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json',
          Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(form.user.value + ':' + form.password.value)))},
        body: JSON.stringify(body)});
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error([answer.error, (answer.problems || []).join('; ')].filter(Boolean).join(': ') || `${response.status} ${response.statusText}`);
      sessionStorage.setItem('decision-user', form.user.value);
      message.className = 'message done'; message.textContent = `${body.decision} recorded`;
    } catch (failure) {
      message.className = 'message error'; message.textContent = failure.message;
    }
  });
}

function timeline(alerts, decisions) {
  const entries = alerts.map(a => ({at: a.at, html: `<span class="badge ${esc(a.severity)}">${esc(a.rule)}</span> ${esc(a.state)} <span class="dim">${esc(a.action)}</span> ${esc(a.summary)}`}))
    .concat(decisions.map(d => ({at: d.time, html: `<span class="badge ok">decision</span> <b>${esc(d.decision)}</b> by ${esc(d.by)}${d.rule ? ' answering ' + esc(d.rule) : ''}: ${esc(d.reason)}`})))
    .sort((a, b) => b.at.localeCompare(a.at));
  return entries.length ? `<table class="timeline">${entries.map(e => `<tr><td>${time(e.at)}</td><td>${e.html}</td></tr>`).join('')}</table>`
    : '<div class="dim">no alert or decision yet</div>';
}

function remember(s) {
  if (!s.eventTime) return;
  const series = throughputSeries.get(s.id) || {x: [], y: []};
  const x = Date.parse(s.eventTime) / 1000;
  if (!series.x.length || x > series.x[series.x.length - 1]) {
    series.x.push(x); series.y.push(s.throughput.trailingHour);
  }
  throughputSeries.set(s.id, series);
}

function drawThroughput(s) {
  const target = document.getElementById('throughput-chart');
  const series = throughputSeries.get(s.id);
  if (plot) { plot.destroy(); plot = null; }
  if (!series || series.x.length < 2 || typeof uPlot === 'undefined') {
    target.innerHTML = '<div class="dim small">the chart draws as the night goes on (from when this screen opened)</div>';
    return;
  }
  const goal = series.x.map(() => s.throughput.targetPerHour);
  plot = new uPlot({width: Math.max(280, target.clientWidth), height: 160, legend: {show: false},
    axes: [{stroke: '#9aa5b1', grid: {stroke: '#2c333d'}}, {stroke: '#9aa5b1', grid: {stroke: '#2c333d'}, size: 70}],
    series: [{}, {label: 'records/h', stroke: '#58a6ff', width: 2}, {label: 'target', stroke: '#d29922', dash: [6, 4]}]},
    [series.x, series.y, goal], target);
}

function renderObservation(s, alerts) {
  const o = s.observation;
  const incidents = o.day == null ? [] : s.firing; // whatever fires after go-live is an incident of parallel operation
  view.innerHTML = `
    <h1>${esc(s.id)} <span class="dim small">observation of parallel operation</span></h1>
    ${tabs(s, 'observation')}
    <div class="grid">
      <div class="card" id="observation-day"><h2>Observation</h2>
        <div class="big">${o.day == null ? 'not live yet' : `day ${o.day} of ${o.days}`}</div>
        ${o.day == null ? '' : bar(o.day, o.days)}
        <div>${o.readyForAcceptance ? '<span class="badge ok">ready for acceptance</span>' : '<span class="dim">not ready for acceptance</span>'}</div>
      </div>
      <div class="card ${incidents.length ? 'alarm' : ''}" id="incidents"><h2>Open incidents</h2>
        ${incidents.length ? `<table>${incidents.map(f => `<tr><td><span class="badge ${esc(f.severity)}">${esc(f.rule)}</span></td><td>${esc(f.summary)}<div class="dim small">since ${time(f.since)}</div></td></tr>`).join('')}</table>` : '<div class="dim">none open</div>'}
      </div>
    </div>
    <div class="grid">
      <div class="card" id="jobs"><h2>Jobs: failures</h2>${counts(s.jobFailures)}</div>
      <div class="card" id="checks"><h2>Checks: failures</h2>${counts(s.checkFailures)}</div>
      <div class="card"><h2>Last event by type</h2>${Object.keys(s.lastEventByType).length ? `<table>${Object.entries(s.lastEventByType).map(([type, at]) => `<tr><td>${esc(type)}</td><td>${time(at)}</td></tr>`).join('')}</table>` : '<div class="dim">none</div>'}</div>
    </div>
    <div class="card" id="timeline"><h2>Timeline</h2>${timeline(alerts, s.decisions)}</div>`;
}

const counts = map => Object.keys(map).length
  ? `<table>${Object.entries(map).map(([name, n]) => `<tr><td>${esc(name)}</td><td>${n ? `<span class="badge WARNING">${n}</span>` : '<span class="badge ok">0</span>'}</td></tr>`).join('')}</table>`
  : '<div class="dim">none reported</div>';

// ---- what if: a draft plan replayed against the migration's recorded events (changes nothing) ----------------------
async function renderWhatIf(s) {
  const versions = await getJson(`/api/migrations/${enc(s.id)}/plan/versions`);
  const latest = versions.versions.length ? versions.versions[versions.versions.length - 1].text : '';
  view.dataset.whatIf = s.id;
  view.innerHTML = `
    <h1>${esc(s.id)} <span class="dim small">what if: a draft plan against the recorded events</span></h1>
    ${tabs(s, 'what-if')}
    <div class="card"><h2>Draft plan</h2>
      <form class="what-if">
        <label style="grid-column: 1 / -1">Plan (YAML or JSON, as for PUT /plan; ${versions.versions.length ? `starting from version ${versions.versions.length}` : 'the migration runs under a file\'s or the default plan'})
          <textarea name="plan" rows="14" spellcheck="false" placeholder="integrity:&#10;  errors:&#10;    window: PT7H">${esc(latest)}</textarea></label>
        <label>User<input name="user" autocomplete="username" required></label>
        <label>Password<input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Replay</button>
      </form><div class="message" id="what-if-message"></div>
    </div>
    <div class="card" id="what-if-result"><h2>Differences</h2><div class="dim">replay a draft to see what it would have raised</div></div>`;
  const form = view.querySelector('form.what-if');
  const saved = sessionStorage.getItem('decision-user');
  if (saved) form.user.value = saved;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const message = document.getElementById('what-if-message');
    message.className = 'message'; message.textContent = 'replaying…';
    try {
      const response = await fetch(`/api/migrations/${enc(s.id)}/what-if`, {method: 'POST',
        headers: {'Content-Type': 'application/yaml', Accept: 'application/json',
          Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(form.user.value + ':' + form.password.value)))},
        body: form.plan.value});
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error([answer.error, answer.line ? `line ${answer.line}` : ''].filter(Boolean).join(', ') || `${response.status} ${response.statusText}`);
      message.className = 'message done'; message.textContent = `${number(answer.events)} events replayed in ${number(answer.replayMillis)} ms`;
      document.getElementById('what-if-result').innerHTML = `<h2>Differences</h2>${whatIfDifferences(answer)}`;
    } catch (failure) {
      message.className = 'message error'; message.textContent = failure.message;
    }
  });
}

function whatIfDifferences(answer) {
  const d = answer.differences;
  if (answer.same) return `<div><span class="badge ok">no difference</span> the draft raises what the record holds (${answer.onRecord.length} transitions)</div>`;
  const row = (side, t) => `<tr><td>${side}</td><td><span class="badge">${esc(t.rule)}</span> ${esc(t.state)}</td><td>${time(t.at)}</td><td class="small">${esc(t.summary)}</td></tr>`;
  return `<table><tr><th>Where</th><th>Rule</th><th>At</th><th>Summary</th></tr>
    ${d.onlyUnderDraft.map(t => row('only under the draft', t)).join('')}
    ${d.onlyOnRecord.map(t => row('only on record', t)).join('')}
    ${d.atAnotherTime.map(m => `<tr><td>at another time</td><td><span class="badge">${esc(m.rule)}</span> ${esc(m.state)}</td><td>${time(m.underDraft)}</td><td class="small">on record at ${time(m.onRecord)}</td></tr>`).join('')}
  </table>`;
}

window.addEventListener('hashchange', () => { route = parseRoute(); view.innerHTML = ''; delete view.dataset.migration; delete view.dataset.whatIf; refresh(); });
connect();
refresh();
