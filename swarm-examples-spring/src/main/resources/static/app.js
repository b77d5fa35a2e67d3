// The example's page: starts a run (POST /swarm/runs), follows its Server-Sent Events and draws the run's Gantt
// timeline and task table as they come, then shows the result (GET /swarm/runs/{id}). Text from the server is only
// ever put into the page as text (textContent, createTextNode), never as HTML.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var CHART_WIDTH = 1100;
  var LABEL_WIDTH = 230;
  var ROW = 20;
  var TYPES = ['run_started', 'run_finished', 'stage_started', 'stage_finished', 'orchestrator_turn',
    'subagent_created', 'task_assigned', 'task_started', 'task_finished', 'model_call_started',
    'model_call_finished', 'tool_call_started', 'tool_call_finished', 'limit_hit', 'retry', 'bulkhead_wait',
    'approval_requested', 'approval_decided', 'guardrail_checked'];

  var run = null;
  var source = null;
  var ticker = null;

  function $(id) { return document.getElementById(id); }

  function setState(state) { document.body.setAttribute('data-state', state); }

  function text(id, value) { $(id).textContent = value == null ? '' : String(value); }

  // An ISO-8601 instant with any number of fraction digits, in milliseconds.
  function millis(at) {
    var m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(at || '');
    if (!m) { return Date.parse(at); }
    return Date.parse(m[1] + '.' + ((m[2] || '') + '000').slice(0, 3) + 'Z');
  }

  function seconds(ms) { return (Math.max(0, ms) / 1000).toFixed(1) + ' s'; }

  function now() { return run.finishedAt != null ? run.finishedAt : Date.now() + run.skew; }

  function newRun(id) {
    return {id: id, start: null, skew: -Infinity, finishedAt: null, lastAt: null, stages: {}, tasks: {}, order: [],
      tokens: 0, ended: false};
  }

  function stage(index) {
    var s = run.stages[index];
    if (!s) { s = run.stages[index] = {index: index, calls: []}; }
    return s;
  }

  function sumTokens(byModel) {
    var total = 0;
    Object.keys(byModel || {}).forEach(function (k) {
      total += (byModel[k].input || 0) + (byModel[k].output || 0);
    });
    return total;
  }

  function onEvent(type, e) {
    var at = millis(e.at);
    run.skew = Math.max(run.skew, at - Date.now());
    run.lastAt = run.lastAt == null ? at : Math.max(run.lastAt, at);
    var t = e.taskId ? run.tasks[e.taskId] : null;
    switch (type) {
      case 'run_started':
        run.start = at;
        text('run-task', e.task);
        text('run-model', e.orchestratorModel + (String(e.orchestratorModel).indexOf('simulated/') === 0
          ? ' (simulated provider: no real model is called)' : ''));
        break;
      case 'stage_started':
        stage(e.stage);
        break;
      case 'task_assigned':
        run.tasks[e.taskId] = {id: e.taskId, agent: e.agent, stage: e.stage, assigned: at, start: null, end: null,
          status: 'QUEUED', steps: 0, tokens: 0, calls: []};
        run.order.push(e.taskId);
        stage(e.stage);
        break;
      case 'task_started':
        if (t) { t.start = at; t.status = 'RUNNING'; }
        break;
      case 'task_finished':
        if (t) {
          var r = e.result || {};
          t.status = r.status || 'FAILED';
          t.end = at;
          if (t.start == null) { t.start = r.startedAt ? millis(r.startedAt) : at; }
          t.steps = r.steps || t.steps;
          t.tokens = sumTokens(r.tokensByModel);
        }
        break;
      case 'model_call_started':
        (t ? t.calls : stage(e.stage).calls).push({step: e.step, start: at, end: null, error: null});
        if (t) { t.steps = Math.max(t.steps, e.step); }
        break;
      case 'model_call_finished':
        var calls = t ? t.calls : stage(e.stage).calls;
        for (var i = calls.length - 1; i >= 0; i--) {
          if (calls[i].step === e.step && calls[i].end == null) { calls[i].end = at; calls[i].error = e.error; break; }
        }
        var used = Math.max(0, e.inputTokens || 0) + Math.max(0, e.outputTokens || 0);
        run.tokens += used;
        if (t && t.status !== 'COMPLETED') { t.tokens += used; }
        break;
      case 'run_finished':
        run.ended = true;
        run.finishedAt = at;
        text('run-state', e.status);
        finish();
        break;
      default:
        break;
    }
    render();
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function niceStep(raw) {
    var steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    for (var i = 0; i < steps.length; i++) { if (steps[i] >= raw) { return steps[i]; } }
    return 7200;
  }

  function render() {
    if (!run || run.start == null) { return; }
    var end = now();
    var span = Math.max(1000, end - run.start);
    var scale = (CHART_WIDTH - LABEL_WIDTH - 10) / span;
    var svg = $('gantt');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var axis = el('g', {}, svg);
    var bars = el('g', {}, svg);
    var labels = el('g', {}, svg);
    function x(at) { return LABEL_WIDTH + Math.max(0, at - run.start) * scale; }
    function bar(cls, from, to, y, title, data) {
      var height = cls.indexOf('tick') === 0 ? ROW - 14 : ROW - 4;
      var r = el('rect', {'class': cls, x: x(from).toFixed(1), y: y, width: Math.max(2, (to - from) * scale).toFixed(1),
        height: height}, bars);
      Object.keys(data || {}).forEach(function (k) { r.setAttribute('data-' + k, data[k]); });
      el('title', {}, r).textContent = title;
      return r;
    }
    function label(y, value, cls) {
      el('text', {'class': 'label ' + cls, x: 4, y: y + 13}, labels).textContent = value;
    }
    var y = 24;
    var band = 0;
    Object.keys(run.stages).map(Number).sort(function (a, b) { return a - b; }).forEach(function (index) {
      var s = run.stages[index];
      var tasks = run.order.map(function (id) { return run.tasks[id]; }).filter(function (t) { return t.stage === index; });
      el('rect', {'class': 'band' + (band++ % 2), x: 0, y: y - 2, width: CHART_WIDTH, height: (1 + tasks.length) * ROW + 2},
        bars);
      label(y, 'stage ' + index + ' \u00b7 orchestrator', 'orch');
      s.calls.forEach(function (c) {
        bar(c.error ? 'bar failed' : 'bar orch', c.start, c.end == null ? end : c.end, y,
          'orchestrator turn ' + c.step + ', stage ' + index + ', ' + seconds((c.end == null ? end : c.end) - c.start));
      });
      y += ROW;
      tasks.forEach(function (t) {
        label(y, t.id + ' \u00b7 ' + t.agent, '');
        var started = t.start == null ? end : t.start;
        if (started - t.assigned > 1) {
          bar('wait', t.assigned, started, y, t.id + ': queued ' + seconds(started - t.assigned) + ', not running');
        }
        if (t.start != null) {
          var to = t.end == null ? end : t.end;
          var cls = t.status === 'RUNNING' ? 'bar running' : t.status === 'COMPLETED' ? 'bar task' : 'bar failed';
          bar(cls, t.start, to, y, t.id + ' ' + t.agent + ': ' + t.status + ', ' + t.steps + ' steps, ' + seconds(to - t.start),
            {task: t.id, status: t.status, ms: Math.round(to - t.start)});
        }
        t.calls.forEach(function (c) {
          bar(c.error ? 'tick err' : 'tick', c.start, c.end == null ? end : c.end, y + 5, 'model call step ' + c.step);
        });
        y += ROW;
      });
    });
    var height = y + 6;
    var total = span / 1000;
    var step = niceStep(total / 8);
    for (var sec = 0; sec <= total + 1e-9; sec += step) {
      var gx = LABEL_WIDTH + sec * 1000 * scale;
      el('line', {'class': 'grid', x1: gx.toFixed(1), y1: 16, x2: gx.toFixed(1), y2: height}, axis);
      el('text', {'class': 'tick-label', x: (gx + 2).toFixed(1), y: 12}, axis).textContent =
        (Math.round(sec * 10) / 10) + ' s';
    }
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + CHART_WIDTH + ' ' + height);
    table(end);
    text('run-tokens', run.tokens.toLocaleString('en'));
    var running = 0;
    var queued = 0;
    run.order.forEach(function (id) {
      if (run.tasks[id].status === 'RUNNING') { running++; } else if (run.tasks[id].status === 'QUEUED') { queued++; }
    });
    if (!run.ended) {
      text('status', running + ' running, ' + queued + ' queued, ' + seconds(end - run.start));
    }
  }

  function table(end) {
    var body = $('tasks').tBodies[0];
    run.order.forEach(function (id) {
      var t = run.tasks[id];
      var row = null;
      for (var i = 0; i < body.rows.length; i++) {
        if (body.rows[i].getAttribute('data-task') === id) { row = body.rows[i]; break; }
      }
      if (!row) {
        row = body.insertRow(-1);
        row.setAttribute('data-task', id);
        for (var c = 0; c < 6; c++) { row.insertCell(-1); }
      }
      row.setAttribute('data-status', t.status);
      var duration = t.start == null ? '' : seconds((t.end == null ? end : t.end) - t.start);
      var cells = [t.id, t.agent, t.status, String(t.steps), duration, t.tokens.toLocaleString('en')];
      for (var k = 0; k < 6; k++) { row.cells[k].textContent = cells[k]; }
      row.cells[2].className = 'status-' + t.status.toLowerCase();
    });
  }

  function finish() {
    if (source) { source.close(); source = null; }
    if (ticker) { clearInterval(ticker); ticker = null; }
    $('cancel').disabled = true;
    var id = run.id;
    var attempts = 0;
    (function poll() {
      fetch('/swarm/runs/' + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (view) {
        if (!run || run.id !== id) { return; }
        if (!view.result && attempts++ < 50) { setTimeout(poll, 100); return; }
        var result = view.result || {};
        text('run-state', view.state);
        text('result-status', result.status);
        $('result-status').className = 'status-' + String(result.status).toLowerCase();
        text('result-reason', result.reason || '');
        text('result-critical', result.criticalSteps);
        text('result-tasks', result.tasks);
        text('result-tokens', ((result.inputTokens || 0) + (result.outputTokens || 0)).toLocaleString('en') + ' ('
          + (result.inputTokens || 0).toLocaleString('en') + ' in, ' + (result.outputTokens || 0).toLocaleString('en')
          + ' out)');
        text('answer', result.answer);
        $('result').hidden = false;
        text('status', 'ended: ' + view.state);
        $('submit').disabled = false;
        document.body.setAttribute('data-result-tasks', String(result.tasks));
        setState('finished');
        render();
      }).catch(function (err) { showError('cannot read the result: ' + err); });
    })();
  }

  function showError(message) {
    text('error', message);
    $('error').hidden = false;
  }

  function problem(response) {
    return response.json().then(function (p) {
      return (p.title || response.status) + ': ' + (p.detail || '');
    }, function () { return 'HTTP ' + response.status; });
  }

  function start(task) {
    $('error').hidden = true;
    $('submit').disabled = true;
    setState('starting');
    fetch('/swarm/runs', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({task: task})}).then(function (response) {
      if (!response.ok) {
        return problem(response).then(function (message) {
          showError(message);
          $('submit').disabled = false;
          setState('ready');
        });
      }
      return response.json().then(function (body) { follow(body.runId, body.events); });
    }).catch(function (err) {
      showError('cannot start the run: ' + err);
      $('submit').disabled = false;
      setState('ready');
    });
  }

  function follow(id, events) {
    if (source) { source.close(); }
    run = newRun(id);
    var svg = $('gantt');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var body = $('tasks').tBodies[0];
    while (body.rows.length) { body.deleteRow(0); }
    text('run-id', id);
    text('run-task', '');
    text('run-state', 'RUNNING');
    text('run-tokens', '0');
    $('result').hidden = true;
    $('run').hidden = false;
    $('cancel').disabled = false;
    document.body.setAttribute('data-run-id', id);
    document.body.removeAttribute('data-result-tasks');
    setState('running');
    source = new EventSource(events);
    TYPES.forEach(function (type) {
      source.addEventListener(type, function (message) {
        if (!run || run.id !== id || run.ended) { return; }
        var event;
        try { event = JSON.parse(message.data); } catch (err) { return; }
        onEvent(type, event);
      });
    });
    // The browser reconnects by itself after an error, sending Last-Event-ID; the stream then resumes.
    ticker = setInterval(render, 200);
  }

  $('start').addEventListener('submit', function (event) {
    event.preventDefault();
    start($('task').value);
  });

  $('cancel').addEventListener('click', function () {
    if (!run || run.ended) { return; }
    var id = run.id;
    $('cancel').disabled = true;
    fetch('/swarm/runs/' + encodeURIComponent(id), {method: 'DELETE'}).then(function (response) {
      if (!response.ok) { return problem(response).then(showError); }
      text('status', 'cancelling...');
    }).catch(function (err) { showError('cannot cancel: ' + err); });
  });

  fetch('/example/info').then(function (r) { return r.json(); }).then(function (info) {
    text('provider', 'Model: ' + info.model + '. ' + info.note);
    if (!$('task').value) { $('task').value = info.defaultTask; }
    setState('ready');
  }).catch(function (err) {
    showError('cannot read /example/info: ' + err);
    setState('ready');
  });
})();
