// The live plot page: a figure snapshot, then frames, relayouts and restyles from the server's
// event stream (GET /~USER/N/events), drawn with plotly.js. Updates use the same path rules as
// the server (Plots/JsonPath.cs), so every viewer holds exactly the server's figure.
'use strict';

(function () {
  const root = document.getElementById('plot');
  const plotPath = root.dataset.plotPath;
  const owner = root.dataset.owner;
  const statusLabel = document.getElementById('status');
  const figure = { data: [], layout: {} };
  // Read by the browser tests: when each render finished and what it showed.
  const viewer = window.streamViewer = { figure: figure, renders: [], events: 0, lastEventId: null };
  let revision = 0;
  let drawing = false; // a Plotly.react is running
  let scheduled = false; // a draw waits for its grid line
  let dirty = false; // the figure changed since the last draw began
  let drawCost = 0; // smoothed duration of one draw, ms

  // The server refuses these parts (Values/AttributePath.cs); the page never follows them either, so
  // no update can reach Object.prototype and change every object on the page.
  const forbiddenParts = new Set(['__proto__', 'constructor', 'prototype']);

  function isSafePath(path) {
    return path.split('.').every(part => part !== '' && !forbiddenParts.has(part));
  }

  function getPath(target, path) {
    return path.split('.').reduce((node, part) => (node !== null && typeof node === 'object' ? node[part] : undefined), target);
  }

  function setPath(target, path, value) {
    const parts = path.split('.');
    let container = target;
    for (const part of parts.slice(0, -1)) {
      if (container[part] === null || typeof container[part] !== 'object' || Array.isArray(container[part])) {
        container[part] = {};
      }
      container = container[part];
    }
    container[parts[parts.length - 1]] = value;
  }

  function removePath(target, path) {
    const parts = path.split('.');
    const container = parts.length === 1 ? target : getPath(target, parts.slice(0, -1).join('.'));
    if (container !== null && typeof container === 'object') {
      delete container[parts[parts.length - 1]];
    }
  }

  function applyUpdate(target, update) {
    for (const [path, value] of Object.entries(update)) {
      if (!isSafePath(path)) {
        continue;
      }
      if (value === null) {
        removePath(target, path);
      } else {
        setPath(target, path, structuredClone(value));
      }
    }
  }

  function maxPointsOf(trace) {
    const maxPoints = trace.stream && trace.stream.maxpoints;
    return typeof maxPoints === 'number' ? maxPoints : 500;
  }

  function applyFrame(frame) {
    for (const change of frame.traces) {
      const trace = figure.data[change.index];
      if (!trace) {
        continue;
      }
      const maxPoints = maxPointsOf(trace);
      for (const [path, values] of Object.entries(change.extend)) {
        if (!isSafePath(path)) {
          continue;
        }
        let column = getPath(trace, path);
        if (!Array.isArray(column)) {
          column = [];
          setPath(trace, path, column);
        }
        column.push(...values);
        if (column.length > maxPoints) {
          column.splice(0, column.length - maxPoints);
        }
      }
      for (const [path, values] of Object.entries(change.set)) {
        if (isSafePath(path)) {
          setPath(trace, path, values);
        }
      }
    }
  }

  function lastOf(column) {
    return Array.isArray(column) && column.length > 0 ? column[column.length - 1] : null;
  }

  // Every viewer draws on the same grid of the wall clock, a line every 50 ms (the server's frame interval), so
  // viewers show the same frame at the same moment. Where a draw costs more than half of that, the page draws on
  // every other line (10 frames a second): still lines the faster viewers draw on, and half of the page's time
  // stays for zoom, hover and other tabs. Each draw shows the newest figure; events that arrive meanwhile only
  // change it. A hidden tab draws nothing until it is shown again.
  const gridMilliseconds = 50;

  function render() {
    dirty = true;
    if (drawing || scheduled || document.hidden) {
      return;
    }
    const interval = drawCost > gridMilliseconds / 2 ? 2 * gridMilliseconds : gridMilliseconds;
    const now = Date.now();
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (!document.hidden) {
        draw();
      }
    }, Math.ceil(now / interval) * interval - now);
  }

  function draw() {
    drawing = true;
    dirty = false;
    const started = performance.now();
    revision += 1;
    figure.layout.datarevision = revision;
    if (figure.layout.uirevision === undefined) {
      figure.layout.uirevision = 'keep-zoom';
    }
    // What this draw shows, taken now: events may change the figure before the promise settles.
    const shown = { lastX: figure.data.map(trace => lastOf(trace.x)), lastEventId: viewer.lastEventId };
    Plotly.react(root, figure.data, figure.layout, { responsive: true, displaylogo: false }).then(() => {
      const took = performance.now() - started;
      viewer.renders.push({ at: Date.now(), took: took, lastX: shown.lastX, lastEventId: shown.lastEventId });
      if (viewer.renders.length > 2000) {
        viewer.renders.splice(0, 1000);
      }
      // The first draw builds the whole plot once; later ones say what a frame costs.
      if (revision > 1) {
        drawCost = drawCost === 0 ? took : 0.8 * drawCost + 0.2 * took;
      }
    }).finally(() => {
      drawing = false;
      if (dirty) {
        render();
      }
    });
  }

  document.addEventListener('visibilitychange', () => {
    if (dirty) {
      render();
    }
  });

  function on(type, apply) {
    source.addEventListener(type, event => {
      apply(JSON.parse(event.data));
      viewer.events += 1;
      viewer.lastEventId = event.lastEventId;
      render();
    });
  }

  function setStatus(text) {
    if (statusLabel) {
      statusLabel.textContent = text;
    }
  }

  // EventSource reconnects by itself and sends Last-Event-ID, so the server resumes without a gap.
  const source = new EventSource(plotPath + '/events');
  source.onopen = () => setStatus('live');
  source.onerror = () => setStatus('reconnecting…');
  on('figure', snapshot => {
    figure.data = snapshot.data;
    figure.layout = snapshot.layout;
  });
  on('frame', applyFrame);
  on('relayout', update => applyUpdate(figure.layout, update));
  on('restyle', message => message.traces.forEach(index => applyUpdate(figure.data[index], message.update)));

  // Share links and the owner's edit form (not on the embeddable page).
  const shareLink = document.getElementById('share-link');
  if (shareLink) {
    shareLink.value = location.origin + plotPath;
    document.getElementById('embed-code').value =
      '<iframe src="' + location.origin + plotPath + '.embed" width="800" height="450" style="border:0"></iframe>';
  }

  const form = document.getElementById('edit-form');
  if (form) {
    const result = document.getElementById('edit-result');
    const send = (kind, body) => {
      const key = document.getElementById('edit-key').value;
      fetch(plotPath + '/' + kind, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + btoa(owner + ':' + key) },
        body: JSON.stringify(body),
      }).then(response => response.json()).then(answer => {
        result.textContent = answer.error || 'Saved: every viewer sees it now.';
      }, error => {
        result.textContent = 'Not saved: ' + error.message;
      });
    };
    const parse = (id, then) => {
      try {
        then(JSON.parse(document.getElementById(id).value || '{}'));
      } catch (error) {
        result.textContent = 'Not JSON: ' + error.message;
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      send('layout', { 'title.text': document.getElementById('edit-title').value });
    });
    document.getElementById('edit-layout-apply').addEventListener('click', () => parse('edit-layout', update => send('layout', update)));
    document.getElementById('edit-style-apply').addEventListener('click', () => parse('edit-style', update => {
      const traces = document.getElementById('edit-traces').value.split(',').map(s => s.trim()).filter(s => s !== '').map(Number);
      send('restyle', traces.length > 0 ? { update: update, traces: traces } : { update: update });
    }));
  }
}());
