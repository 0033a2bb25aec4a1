// The live fleet dashboard: first paint from /api/fleet and /api/history, then server-sent events
// from /events. Read-only: it sends no commands. Values arrive only when the node marked them good
// and fresh; anything else is shown as a gap or a dash, never as the last good value.
(function () {
  'use strict';
  const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  const HISTORY_SECONDS = 3 * 3600;
  const nodes = new Map(); // node id -> {el, plots, data}
  const root = document.getElementById('nodes');

  function kelvin(k) {
    if (k === null || k === undefined) return '\u2014';
    if (k < 1) return (k * 1000).toFixed(k < 0.1 ? 2 : 1) + ' mK';
    return k.toFixed(k < 10 ? 3 : 2) + ' K';
  }
  function watts(w) {
    if (w === null || w === undefined) return '\u2014';
    const a = Math.abs(w);
    if (a === 0) return '0 W';
    if (a < 1e-6) return (w * 1e9).toFixed(1) + ' nW';
    if (a < 1e-3) return (w * 1e6).toFixed(1) + ' \u00b5W';
    if (a < 1) return (w * 1e3).toFixed(2) + ' mW';
    return w.toFixed(3) + ' W';
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(id) {
    let n = nodes.get(id);
    if (n) return n;
    document.getElementById('empty')?.remove();
    const c = el('section', {class: 'node', id: 'node-' + id, 'data-node': id});
    const h = el('h2');
    h.append(el('span', {class: 'name'}, id), el('span', {class: 'badge state'}), el('span', {class: 'badge interlock'}),
      el('span', {class: 'meta'}));
    const cols = el('div', {class: 'cols'});
    const left = el('div');
    left.append(el('table', {class: 'stages'}), el('table', {class: 'loops'}), el('ul', {class: 'alarms'}));
    const tPlot = el('div', {class: 'plot temperatures'});
    const wPlot = el('div', {class: 'plot powers'});
    cols.append(left, tPlot, wPlot);
    c.append(h, cols);
    root.append(c);
    n = {el: c, tPlotEl: tPlot, wPlotEl: wPlot, t: [], series: {}, tPlot: null, wPlot: null, keys: ''};
    nodes.set(id, n);
    return n;
  }

  function seriesKeys(n, prefix) {
    return Object.keys(n.series).filter(k => k.startsWith(prefix)).sort();
  }

  function plotOpts(title, yLabel, keys, log, fmt, width) {
    return {
      title: title, width: width, height: 260,
      scales: {x: {time: true}, y: log ? {distr: 3} : {}},
      axes: [{label: 'time (local)'}, {label: yLabel, size: 70, values: (u, vals) => vals.map(fmt)}],
      series: [{}].concat(keys.map((k, i) => ({label: k.slice(k.indexOf(':') + 1), stroke: COLOURS[i % COLOURS.length],
        width: 1.5, spanGaps: false, value: (u, v) => fmt(v)})))
    };
  }

  function redraw(n) {
    const tKeys = seriesKeys(n, 'T:');
    const wKeys = seriesKeys(n, 'W:');
    const keys = tKeys.join() + '|' + wKeys.join();
    const width = Math.max(320, Math.floor((n.el.clientWidth - 340) / 2));
    const pos = v => (v !== null && v > 0 ? v : null); // log axes: a zero or negative reading is a gap
    const tData = [n.t].concat(tKeys.map(k => n.series[k].map(pos)));
    const wData = [n.t].concat(wKeys.map(k => n.series[k]));
    if (keys !== n.keys || !n.tPlot) {
      n.keys = keys;
      n.tPlotEl.textContent = '';
      n.wPlotEl.textContent = '';
      n.tPlot = new uPlot(plotOpts('Stage temperatures', 'temperature (K, log)', tKeys, true, kelvin, width), tData, n.tPlotEl);
      n.wPlot = new uPlot(plotOpts('Heater power', 'power (W)', wKeys, false, watts, width), wData, n.wPlotEl);
    } else {
      n.tPlot.setData(tData);
      n.wPlot.setData(wData);
    }
  }

  function append(n, msg) {
    if (msg.t === null || (n.t.length && msg.t <= n.t[n.t.length - 1])) return;
    n.t.push(msg.t);
    const row = {};
    for (const s of msg.stages) row['T:' + s.id] = s.kelvin;
    for (const l of msg.loops) { row['W:' + l.id] = l.watts; row['SP:' + l.id] = l.setpointKelvin; }
    const len = n.t.length;
    for (const k of Object.keys(row)) if (!n.series[k]) n.series[k] = new Array(len - 1).fill(null);
    for (const k of Object.keys(n.series)) n.series[k].push(k in row ? row[k] : null);
    while (n.t.length > 2 && n.t[0] < msg.t - HISTORY_SECONDS) {
      n.t.shift();
      for (const k of Object.keys(n.series)) n.series[k].shift();
    }
  }

  function render(msg) {
    const n = card(msg.node);
    const c = n.el;
    c.dataset.state = msg.state;
    if (msg.seq !== undefined) c.dataset.seq = msg.seq;
    const st = c.querySelector('.badge.state');
    st.className = 'badge state ' + msg.state;
    st.textContent = msg.state === 'up' ? 'up' : msg.state === 'stale' ? 'stale: values withheld'
      : msg.state === 'down' ? 'down (Death)' : 'unknown';
    const il = c.querySelector('.badge.interlock');
    if (msg.interlock) {
      il.className = 'badge interlock ' + msg.interlock.state;
      il.textContent = 'interlock ' + msg.interlock.state.replace('_', ' ') + (msg.interlock.cause ? ': ' + msg.interlock.cause : '');
    } else {
      il.className = 'badge interlock unknown';
      il.textContent = 'interlock unknown';
    }
    c.querySelector('.meta').textContent = (msg.firmware ? 'firmware ' + msg.firmware + ' \u00b7 ' : '')
      + (msg.t ? 'last status ' + new Date(msg.t * 1000).toLocaleTimeString() : 'no status yet')
      + (msg.seqGaps ? ' \u00b7 ' + msg.seqGaps + ' status(es) missed' : '');
    const stages = c.querySelector('table.stages');
    stages.textContent = '';
    stages.append(el('tr', {}, ''));
    stages.firstChild.append(el('th', {}, 'stage'), el('th', {}, 'temperature'), el('th', {}, 'quality'));
    if (!msg.stages.length) {
      const r = el('tr');
      r.append(el('td', {colspan: 3, class: 'unknownvals'}, 'no current values (node ' + msg.state + ')'));
      stages.append(r);
    }
    const tKeys = msg.stages.map(s => 'T:' + s.id).sort();
    for (const s of msg.stages) {
      const r = el('tr', {class: s.quality === 'good' ? 'good' : 'notgood'});
      const sw = el('span', {class: 'swatch'});
      sw.style.background = COLOURS[tKeys.indexOf('T:' + s.id) % COLOURS.length];
      const name = el('td');
      name.append(sw, document.createTextNode(s.id));
      r.append(name, el('td', {class: 'v', 'data-stage': s.id}, kelvin(s.kelvin)), el('td', {}, s.quality));
      stages.append(r);
    }
    const loops = c.querySelector('table.loops');
    loops.textContent = '';
    if (msg.loops.length) {
      const h = el('tr');
      h.append(el('th', {}, 'loop'), el('th', {}, 'heater'), el('th', {}, 'setpoint'));
      loops.append(h);
    }
    for (const l of msg.loops) {
      const r = el('tr');
      r.append(el('td', {}, l.id + ' (' + l.stage + ', ' + l.mode + ')'), el('td', {class: 'v', 'data-loop': l.id}, watts(l.watts)),
        el('td', {class: 'v', 'data-setpoint': l.id}, kelvin(l.setpointKelvin)));
      loops.append(r);
    }
    const alarms = c.querySelector('ul.alarms');
    alarms.textContent = '';
    for (const a of msg.alarms) {
      const li = el('li', {class: a.severity, 'data-cause': a.cause});
      li.append(document.createTextNode('#' + a.id + ' ' + a.severity + ' ' + a.cause + ' (' + a.state + '): ' + a.message + ' '));
      if (a.runbook) li.append(el('a', {href: '/' + a.runbook.replace(/^\//, ''), target: '_blank'}, 'runbook'));
      alarms.append(li);
    }
    if (msg.state === 'up') append(n, msg);
    redraw(n);
    document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
  }

  function broker(connected) {
    const b = document.getElementById('broker');
    b.className = 'badge ' + (connected ? 'connected' : 'lost');
    b.textContent = connected ? 'live' : 'stream lost: reconnecting';
  }

  async function start() {
    const fleet = await (await fetch('/api/fleet')).json();
    for (const msg of fleet.nodes) {
      const n = card(msg.node);
      const h = await (await fetch('/api/history?node=' + encodeURIComponent(msg.node))).json();
      n.t = h.t;
      n.series = {};
      for (const k of Object.keys(h.series)) n.series[k] = h.series[k];
      render(msg);
    }
    const es = new EventSource('/events');
    es.onopen = () => broker(true);
    es.onerror = () => broker(false);
    es.onmessage = e => render(JSON.parse(e.data));
    setInterval(() => { document.getElementById('clock').textContent = new Date().toLocaleTimeString(); }, 1000);
  }
  start();
})();
